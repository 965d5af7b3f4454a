from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("doses/", views.log_dose, name="log-dose"),
    path("skip/", views.skip_dose, name="skip-dose"),
    path("doses/<int:pk>/", views.dose_history, name="dose"),
    path("doses/<int:pk>/undo/", views.undo_dose, name="undo-dose"),
    path("doses/<int:pk>/site-look/", views.record_site_look, name="site-look"),
    path("doses/<int:pk>/healed/", views.mark_site_healed, name="site-healed"),
    path("history/", views.history, name="history"),
    path("settings/", views.settings_page, name="settings"),
    path("settings/avoid-zones/", views.add_avoid_zone, name="add-avoid-zone"),
    path(
        "settings/avoid-zones/<int:pk>/remove/", views.remove_avoid_zone, name="remove-avoid-zone"
    ),
]
