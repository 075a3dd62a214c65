from django.contrib import admin

from confide.practice.models import Location, OpeningHours, Room


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "region", "time_zone"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OpeningHoursInline, RoomInline]
