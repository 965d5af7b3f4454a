from .checkin import home, log_dose, mark_site_healed, record_site_look, skip_dose, undo_dose
from .records import dose_history, history
from .settings import add_avoid_zone, remove_avoid_zone, settings_page

__all__ = [
    "add_avoid_zone",
    "dose_history",
    "history",
    "home",
    "log_dose",
    "mark_site_healed",
    "record_site_look",
    "remove_avoid_zone",
    "settings_page",
    "skip_dose",
    "undo_dose",
]
