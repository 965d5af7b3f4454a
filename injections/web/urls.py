from django.urls import path

from . import views

urlpatterns = [
    # The patient's own pages
    path("", views.home, name="home"),
    path("history/", views.history, name="history"),
    path("settings/", views.settings_page, name="settings"),
    path("settings/avoid-zones/", views.add_avoid_zone, name="add-avoid-zone"),
    path(
        "settings/avoid-zones/<int:pk>/remove/",
        views.remove_avoid_zone,
        name="remove-avoid-zone",
    ),
    path("sharing/", views.sharing_page, name="sharing"),
    path("sharing/invite/", views.invite, name="invite"),
    path(
        "sharing/invitations/<int:pk>/withdraw/",
        views.withdraw_invitation,
        name="withdraw-invitation",
    ),
    path("sharing/caregivers/<int:pk>/revoke/", views.revoke_care, name="revoke-care"),
    path("sharing/clinics/join/", views.join_clinic, name="join-clinic"),
    path("sharing/clinics/<int:pk>/leave/", views.leave_clinic, name="leave-clinic"),
    path("supplies/", views.supplies_page, name="supplies"),
    path("supplies/boxes/", views.add_box, name="add-box"),
    path("supplies/boxes/<int:pk>/out/", views.box_out_of_fridge, name="box-out-of-fridge"),
    path("supplies/refill/", views.refill_threshold, name="refill-threshold"),
    path("supplies/syringes/<int:pk>/out/", views.out_of_fridge, name="out-of-fridge"),
    path("supplies/syringes/<int:pk>/discard/", views.discard_syringe, name="discard-syringe"),
    path("supplies/sharps/", views.replace_sharps, name="replace-sharps"),
    path("health/", views.health_page, name="health"),
    path("health/side-effects/", views.add_side_effect, name="add-side-effect"),
    path("health/medicines/", views.add_medicine, name="add-medicine"),
    path("health/medicines/<int:pk>/remove/", views.remove_medicine, name="remove-medicine"),
    path("health/medicines/print/", views.medicine_list, name="medicine-list"),
    path("health/labs/", views.add_lab_result, name="add-lab-result"),
    path("health/doctor/", views.save_doctor_topics, name="doctor-topics"),
    # Actions on a check-in: the patient's own, or with a `patient` field, another's
    path("doses/", views.log_dose, name="log-dose"),
    path("skip/", views.skip_dose, name="skip-dose"),
    path("doses/<int:pk>/", views.dose_history, name="dose"),
    path("doses/<int:pk>/undo/", views.undo_dose, name="undo-dose"),
    path("doses/<int:pk>/correct/", views.correct_dose, name="correct-dose"),
    path("doses/<int:pk>/void/", views.void_dose, name="void-dose"),
    path("doses/<int:pk>/site-look/", views.record_site_look, name="site-look"),
    path("doses/<int:pk>/healed/", views.mark_site_healed, name="site-healed"),
    # Caregivers and clinicians
    path("invitations/accept/", views.accept_invitation, name="accept-invitation"),
    path("patients/", views.patient_list, name="patients"),
    path("patients/<int:pk>/", views.patient_checkin, name="patient"),
    path("patients/<int:pk>/history/", views.patient_history, name="patient-history"),
    path("clinic/", views.dashboard, name="clinic"),
    path("clinic/export.csv", views.export, name="clinic-export"),
    path("clinic/patients/<int:pk>/", views.clinic_patient, name="clinic-patient"),
    path("clinic/patients/<int:pk>/schedule/", views.change_regimen, name="clinic-schedule"),
    path("clinic/patients/<int:pk>/pause/", views.pause_treatment, name="clinic-pause"),
    path(
        "clinic/side-effects/<int:pk>/seen/",
        views.acknowledge_side_effect,
        name="clinic-acknowledge",
    ),
]
