"""Django admin for site admins: accounts, clinics, medications (DESIGN §1).

The dose log, patients, care links and enrolments are read-only here. Every change
goes through the services (which keep the dose log's history, DESIGN §7): the
actions and the clinic page's saves below call them.
"""

from django.contrib import admin
from django.contrib.auth import get_permission_codename
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import (
    AuditEvent,
    CareLink,
    Clinic,
    ClinicStaff,
    Dose,
    DoseRevision,
    Enrollment,
    Medication,
    Patient,
    Regimen,
    Reminder,
    ScheduleVersion,
    TreatmentPause,
)
from .services import clinics, sharing
from .web import trail


@admin.register(Medication)
class MedicationAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "strength_mg", "volume_ml", "syringes_per_box"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PatientRecordAdmin(ReadOnlyAdmin):
    """One patient's record opened here is a view of it, audited like a page's
    (web.trail): `patient_of` names whose it is."""

    def patient_of(self, obj) -> Patient:
        return obj.patient

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            patient = self.patient_of(obj)
            if patient.user_id != request.user.pk:
                trail.saw(patient, AuditEvent.Role.ADMIN, obj)
        return obj


class ServiceActionsAdmin(ReadOnlyAdmin):
    """A read-only page whose only changes are actions that call a service. They
    need the model's change permission, which no form here uses any more."""

    def has_service_permission(self, request):
        codename = get_permission_codename("change", self.opts)
        return request.user.has_perm(f"{self.opts.app_label}.{codename}")


class ClinicStaffInline(admin.TabularInline):
    """Staff are added or removed (through services.clinics), never edited in place."""

    model = ClinicStaff
    extra = 0
    fields = ["user", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["user"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin):
    list_display = ["name", "join_code", "created_at"]
    search_fields = ["name"]
    fields = ["name", "join_code", "created_at"]
    readonly_fields = ["join_code", "created_at"]
    inlines = [ClinicStaffInline]

    def has_delete_permission(self, request, obj=None):
        return False  # patients' enrolments keep the clinic

    def save_model(self, request, obj, form, change):
        if change:
            clinics.rename_clinic(clinic=obj, name=obj.name)
            return
        created = clinics.create_clinic(name=obj.name)
        # The admin carries on with `obj` (inlines, history, redirect): make it that row.
        obj.pk = created.pk
        obj.refresh_from_db()
        obj._state.adding = False

    def save_formset(self, request, form, formset, change):
        # Existing rows cannot change (see the inline), so the formset holds only
        # new staff and removals.
        new_staff = formset.save(commit=False)
        for staff in formset.deleted_objects:
            clinics.remove_staff(staff=staff)
        for staff in new_staff:
            clinics.add_staff(clinic=form.instance, user=staff.user)


@admin.register(Patient)
class PatientAdmin(PatientRecordAdmin):
    """Patients are created with `manage.py create_patient` or the clinic's pages."""

    def patient_of(self, obj) -> Patient:
        return obj

    list_display = ["user", "created_at"]
    search_fields = ["user__username", "user__email"]


@admin.register(Enrollment)
class EnrollmentAdmin(ServiceActionsAdmin):
    list_display = ["patient", "clinic", "joined_at", "left_at"]
    list_filter = ["clinic", ("left_at", admin.EmptyFieldListFilter)]
    search_fields = ["patient__user__username", "clinic__name"]
    actions = ["end_enrollment"]

    @admin.action(description=_("End enrolment: the clinic no longer sees the patient"),
                  permissions=["service"])  # fmt: skip
    def end_enrollment(self, request, queryset):
        now = timezone.now()
        ended = 0
        for enrollment in queryset.filter(left_at__isnull=True):
            sharing.leave_clinic(enrollment=enrollment, now=now)
            ended += 1
        self.message_user(request, ngettext("%(count)d enrolment ended.",
                                            "%(count)d enrolments ended.", ended)
                          % {"count": ended})  # fmt: skip


@admin.register(CareLink)
class CareLinkAdmin(ServiceActionsAdmin):
    list_display = ["patient", "caregiver", "granted_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["patient__user__username", "caregiver__username"]
    actions = ["revoke_access"]

    @admin.action(description=_("Revoke access: the caregiver no longer sees the patient"),
                  permissions=["service"])  # fmt: skip
    def revoke_access(self, request, queryset):
        now = timezone.now()
        revoked = 0
        for link in queryset.filter(revoked_at__isnull=True):
            sharing.revoke_care(link=link, now=now)
            revoked += 1
        self.message_user(request, ngettext("%(count)d caregiver's access revoked.",
                                            "%(count)d caregivers' access revoked.", revoked)
                          % {"count": revoked})  # fmt: skip


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
    fields = ["valid_from", "rrule", "time_of_day", "time_zone", "dose_mg", "mg_per_kg",
              "weight_kg", "created_by", "created_at", "reason"]  # fmt: skip


class TreatmentPauseInline(ReadOnlyInline):
    model = TreatmentPause
    fields = ["first_day", "last_day", "reason", "created_by", "created_at"]


@admin.register(Regimen)
class RegimenAdmin(PatientRecordAdmin):
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
class DoseAdmin(PatientRecordAdmin):
    list_display = ["patient", "regimen", "slot_date", "status", "taken_at", "region", "side",
                    "administered_by", "flags", "voided_at"]  # fmt: skip
    list_filter = ["status", "administered_by", "source", FlaggedFilter,
                   ("voided_at", admin.EmptyFieldListFilter)]  # fmt: skip
    search_fields = ["patient__user__username"]
    date_hierarchy = "slot_date"
    inlines = [DoseRevisionInline]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    """What send_reminders sent, is retrying or gave up on, for support."""

    list_display = ("kind", "slot", "patient", "recipient", "channel", "status", "attempts",
                    "created_at", "sent_at")  # fmt: skip
    list_filter = ("status", "kind", "channel")
    search_fields = ("patient__user__username", "recipient__username")
    list_select_related = ("patient__user", "recipient")


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """The audit log, for site admins to filter (issue 13, item 4): read-only here as
    in the database, whose triggers refuse any change."""

    list_display = ["at", "username", "role", "action", "patient", "object_kind", "object_id",
                    "source", "ip"]  # fmt: skip
    list_filter = ["action", ("at", admin.DateFieldListFilter), "role", "source",
                   ("actor", admin.RelatedOnlyFieldListFilter),
                   ("patient", admin.RelatedOnlyFieldListFilter)]  # fmt: skip
    search_fields = ["username", "patient__user__username", "ip", "detail"]
    date_hierarchy = "at"
    list_select_related = ["patient__user"]
    readonly_fields = [field.name for field in AuditEvent._meta.fields]
