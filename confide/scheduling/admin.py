"""The practice admin sets clinicians' weekly hours and the days they (or the practice) are
closed. Appointments are booked through the schedule pages, where the overlap guarantee and the
audit trail apply, so they are not edited here."""

from django.contrib import admin

from confide.scheduling.models import Availability, AvailabilityException


@admin.register(Availability)
class AvailabilityAdmin(admin.ModelAdmin):
    list_display = ["clinician", "location", "weekday", "starts", "ends", "formats"]
    list_filter = ["location", "weekday", "formats"]
    search_fields = ["clinician__first_name", "clinician__last_name"]
    autocomplete_fields = ["clinician"]


@admin.register(AvailabilityException)
class AvailabilityExceptionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "first_day", "last_day", "reason"]
    list_filter = ["reason"]
    date_hierarchy = "first_day"
