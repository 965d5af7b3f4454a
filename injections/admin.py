"""Django admin for site admins: accounts, clinics, medications (DESIGN §1).

The dose log is read-only here: every change to it goes through the services,
which keep its history (DESIGN §7).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    CareLink,
    Clinic,
    ClinicStaff,
    Dose,
    DoseRevision,
    Enrollment,
    Medication,
    Patient,
    Regimen,
    ScheduleVersion,
    TreatmentPause,
)


@admin.register(Medication)
class MedicationAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "strength_mg", "volume_ml", "syringes_per_box"]


class ClinicStaffInline(admin.TabularInline):
    model = ClinicStaff
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin):
    list_display = ["name", "join_code", "created_at"]
    search_fields = ["name"]
    inlines = [ClinicStaffInline]


@admin.register(Patient)
class PatientAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    search_fields = ["user__username", "user__email"]
    autocomplete_fields = ["user"]


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ["patient", "clinic", "joined_at", "left_at"]
    list_filter = ["clinic", ("left_at", admin.EmptyFieldListFilter)]
    search_fields = ["patient__user__username", "clinic__name"]


@admin.register(CareLink)
class CareLinkAdmin(admin.ModelAdmin):
    list_display = ["patient", "caregiver", "granted_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["patient__user__username", "caregiver__username"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DoseRevisionInline(admin.TabularInline):
    model = DoseRevision
    extra = 0
    can_delete = False
    fields = ["version", "action", "changed_by", "changed_at", "reason", "data"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ScheduleVersionInline(ReadOnlyInline):
    model = ScheduleVersion
    fields = ["valid_from", "rrule", "time_of_day", "time_zone", "created_by", "created_at",
              "reason"]  # fmt: skip


class TreatmentPauseInline(ReadOnlyInline):
    model = TreatmentPause
    fields = ["first_day", "last_day", "reason", "created_by", "created_at"]


@admin.register(Regimen)
class RegimenAdmin(ReadOnlyAdmin):
    """Regimens change through the clinic's pages, which keep the schedule history."""

    list_display = ["patient", "medication", "dose_mg", "start_date", "end_date"]
    list_filter = ["medication"]
    search_fields = ["patient__user__username"]
    inlines = [ScheduleVersionInline, TreatmentPauseInline]


class FlaggedFilter(admin.SimpleListFilter):
    title = _("flagged for review")
    parameter_name = "flagged"

    def lookups(self, request, model_admin):
        return [("yes", _("yes")), ("no", _("no"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(flags=[])
        if self.value() == "no":
            return queryset.filter(flags=[])
        return queryset


@admin.register(Dose)
class DoseAdmin(ReadOnlyAdmin):
    list_display = ["patient", "regimen", "slot_date", "status", "taken_at", "region", "side",
                    "administered_by", "flags", "voided_at"]  # fmt: skip
    list_filter = ["status", "administered_by", "source", FlaggedFilter,
                   ("voided_at", admin.EmptyFieldListFilter)]  # fmt: skip
    search_fields = ["patient__user__username"]
    date_hierarchy = "slot_date"
    inlines = [DoseRevisionInline]
