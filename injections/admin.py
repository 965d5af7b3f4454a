"""Django admin for site admins: accounts, clinics, medications (DESIGN §1).

The dose log is read-only here: every change to it goes through the services,
which keep its history (DESIGN §7).
"""

from django.contrib import admin

from .models import Clinic, ClinicStaff, Dose, DoseRevision, Enrollment, Medication, Patient


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
    list_filter = ["clinic"]


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


@admin.register(Dose)
class DoseAdmin(ReadOnlyAdmin):
    list_display = ["patient", "regimen", "slot_date", "status", "taken_at", "region", "side",
                    "administered_by", "flags", "voided_at"]  # fmt: skip
    list_filter = ["status", "administered_by", "source"]
    search_fields = ["patient__user__username"]
    date_hierarchy = "slot_date"
    inlines = [DoseRevisionInline]
