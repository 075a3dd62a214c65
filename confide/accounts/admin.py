from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from confide.accounts.models import User


@admin.register(User)
class ConfideUserAdmin(UserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = (*UserAdmin.fieldsets, ("Role", {"fields": ["role"]}))
