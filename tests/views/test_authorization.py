"""Who may use which URL (DESIGN §1: nobody sees a patient they have no link to).

The matrix is generated from the URLconf: every named URL of the project but the
admin and the sign-in views is requested by every role, with its `<int:pk>` filled
with an object of patient A (alice). A page is asked with GET, an action with POST
and the least data that gets past the access check. Anonymous visitors are sent to
sign in; a role that may not see the object gets 404, exactly as if it did not
exist; a role that may gets the page, a form's errors or a redirect back.

It is Tuesday 3 November 2026, 08:05 in London (GMT): alice took today's dose at
08:00 and noted a red site.
"""

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import URLResolver, get_resolver, reverse

from injections.models import AuditEvent, CareLink, Clinic, ClinicStaff, Dose, Enrollment
from injections.rules.geometry import Site
from injections.services import clinics, push, sessions, sharing
from injections.services.doses import record_dose
from injections.services.health import add_other_medicine, record_side_effect
from injections.services.skin import add_avoid_zone, record_site_check
from injections.services.supplies import add_box
from injections.web import urls as injection_urls
from tests.conftest import PASSWORD
from tests.views.pages import document, text, words

NOW = datetime(2026, 11, 3, 8, 5, tzinfo=UTC)
LOGIN = reverse("login")
# The sign-in views are open to everyone; a calendar feed to whoever has its secret
# address (tests/views/test_calendar.py).
# The installable app's manifest, service worker and offline page hold nothing
# about a patient (tests/views/test_app.py).
# The second step of signing in (the code of an authenticator app) too, and the
# language switcher at the foot of every page (tests/views/test_language.py).
PUBLIC = {
    "set-language",
    "login",
    "login-code",
    "logout",
    "calendar-feed",
    "manifest",
    "service-worker",
    "offline",
}
# Resetting a forgotten password is for whoever cannot sign in (tests/views/test_passwords.py).
PUBLIC |= {"password-reset", "password-reset-sent", "password-reset-confirm", "password-reset-done"}

# The roles: the rows of the matrix.
ANONYMOUS = "anonymous"
PATIENT_A = "patient_a"
PATIENT_B = "patient_b"
CAREGIVER_OF_A = "caregiver_of_a"
CAREGIVER_OF_B = "caregiver_of_b_only"
STAFF_OF_A = "staff_of_a_clinic"
STAFF_ELSEWHERE = "staff_of_another_clinic"
SITE_ADMIN = "site_admin"
CAREGIVER_REVOKED = "caregiver_of_a_revoked"
STAFF_AFTER_LEAVE = "staff_after_a_left"
SIGNED_IN = (
    PATIENT_A,
    PATIENT_B,
    CAREGIVER_OF_A,
    CAREGIVER_OF_B,
    STAFF_OF_A,
    STAFF_ELSEWHERE,
    SITE_ADMIN,
    CAREGIVER_REVOKED,
    STAFF_AFTER_LEAVE,
)
ROLES = (ANONYMOUS, *SIGNED_IN)
PATIENTS = (PATIENT_A, PATIENT_B)
SEES_A = (PATIENT_A, CAREGIVER_OF_A, STAFF_OF_A)  # the only roles linked to alice
STAFF = (STAFF_OF_A, STAFF_ELSEWHERE, STAFF_AFTER_LEAVE)  # each still works in a clinic


def only(*allowed: str, refused: tuple = ()) -> dict[str, str]:
    """A row of the matrix: "ok" for the roles named, 403 for the `refused` (who see
    the object but may not change it), 404 for every other signed-in role, and the
    sign-in page for an anonymous visitor."""
    return {ANONYMOUS: "login"} | {
        role: "ok" if role in allowed else "403" if role in refused else "404" for role in SIGNED_IN
    }


MATRIX = {
    # The patient's own pages: every patient has their own (bob gets his, never
    # alice's); someone who is not a patient has none. `home` shows the others
    # their list of patients.
    "home": only(*SIGNED_IN),
    "history": only(*PATIENTS),
    # Their record to download: their own only; a caregiver takes no copy away.
    "download-csv": only(*PATIENTS),
    "download-fhir": only(*PATIENTS),
    # ... and to bring in from another app: theirs only, as the downloads.
    "import-record": only(*PATIENTS),
    # The visit report, to print or as a PDF: their own, as the downloads.
    "report": only(*PATIENTS),
    "report-pdf": only(*PATIENTS),
    # Everyone's reminders; a patient's schedule and areas too (a POST of those: patients).
    "settings": only(*SIGNED_IN),
    "save-reminders": only(*SIGNED_IN),
    "password-change": only(*SIGNED_IN),
    "add-avoid-zone": only(*PATIENTS),
    "start-calendar": only(*PATIENTS),
    "stop-calendar": only(*PATIENTS),
    "sharing": only(*PATIENTS),
    "record-log": only(*PATIENTS),
    "invite": only(*PATIENTS),
    "join-clinic": only(*PATIENTS),
    "supplies": only(*PATIENTS),
    "add-box": only(*PATIENTS),
    "refill-threshold": only(*PATIENTS),
    "replace-sharps": only(*PATIENTS),
    "health": only(*PATIENTS),
    "add-side-effect": only(*PATIENTS),
    "add-medicine": only(*PATIENTS),
    "medicine-list": only(*PATIENTS),
    "add-lab-result": only(*PATIENTS),
    "doctor-topics": only(*PATIENTS),
    "allergies": only(*PATIENTS),
    "guide": only(*PATIENTS),
    # ... and what they hold, by id: alice's only, never her caregiver or clinic.
    "remove-avoid-zone": only(PATIENT_A),
    "withdraw-invitation": only(PATIENT_A),
    "revoke-care": only(PATIENT_A),
    "care-alerts": only(PATIENT_A),
    "leave-clinic": only(PATIENT_A),
    "out-of-fridge": only(PATIENT_A),
    "box-out-of-fridge": only(PATIENT_A),
    "discard-syringe": only(PATIENT_A),
    "remove-medicine": only(PATIENT_A),
    # Alice's check-in and records: alice, her caregiver, her clinic's staff. Undo
    # by someone who did not enter the record answers with a message, not a 404.
    "log-dose": only(*SEES_A),
    "skip-dose": only(*SEES_A),
    "doctor-said-yes": only(*SEES_A),
    "plan-skip": only(*SEES_A),
    "withdraw-skip": only(*SEES_A),
    "dose": only(*SEES_A),
    "undo-dose": only(*SEES_A),
    # Correcting and voiding her dose (which she entered): alice and her clinic; her
    # caregiver sees it but may not change it.
    "correct-dose": only(PATIENT_A, STAFF_OF_A, refused=(CAREGIVER_OF_A,)),
    "void-dose": only(PATIENT_A, STAFF_OF_A, refused=(CAREGIVER_OF_A,)),
    "site-look": only(*SEES_A),
    "site-healed": only(*SEES_A),
    # How alice is today: hers to say, or her caregiver's as she tells it; her clinic
    # sees her and reads the scores, but does not give them.
    "save-scores": only(PATIENT_A, CAREGIVER_OF_A, refused=(STAFF_OF_A,)),
    "patient": only(*SEES_A),
    "patient-history": only(*SEES_A),
    "patient-guide": only(*SEES_A),
    # Anyone signed in: their list of patients, and the form for an invitation code.
    "patients": only(*SIGNED_IN),
    "accept-invitation": only(*SIGNED_IN),
    # Notifications on one's own devices: everyone gets reminders; a device is its
    # owner's only.
    "push-subscribe": only(*SIGNED_IN),
    "push-remove": only(PATIENT_A),
    # The clinic's review: each staff member sees their own clinic's.
    "clinic": only(*STAFF),
    "clinic-export": only(*STAFF),
    # Alice's review, her record to download, schedule and pauses: her clinic's staff only.
    "clinic-patient": only(STAFF_OF_A),
    "clinic-download-csv": only(STAFF_OF_A),
    "clinic-download-fhir": only(STAFF_OF_A),
    "clinic-schedule": only(STAFF_OF_A),
    "clinic-pause": only(STAFF_OF_A),
    "clinic-acknowledge": only(STAFF_OF_A),
    # Her visit report and her visits: her clinic's staff.
    "clinic-report": only(STAFF_OF_A),
    "clinic-report-pdf": only(STAFF_OF_A),
    "clinic-visit": only(STAFF_OF_A),
    "clinic-withdraw-visit": only(STAFF_OF_A),
    # One's own sessions, for everyone; a session by id is its owner's only.
    "sessions": only(*SIGNED_IN),
    "end-session": only(PATIENT_A),
    "end-other-sessions": only(*SIGNED_IN),
    "end-all-sessions": only(*SIGNED_IN),
    # Two-step sign-in: offered to clinic staff and site admins only.
    "two-factor": only(*STAFF, SITE_ADMIN),
    "two-factor-start": only(*STAFF, SITE_ADMIN),
    "two-factor-off": only(*STAFF, SITE_ADMIN),
}
# Actions whose success is to sign out: they send to the sign-in page.
SIGNS_OUT = {"end-all-sessions"}

# The actions (POST only), with which of alice's ids each is sent: the patient named
# in the hidden field (alice herself leaves it out), and the medicine a form names.
ACTIONS = {
    "add-avoid-zone": (),
    "start-calendar": (),
    "stop-calendar": (),
    "remove-avoid-zone": (),
    "invite": (),
    "withdraw-invitation": (),
    "revoke-care": (),
    "care-alerts": (),
    "save-reminders": (),
    "join-clinic": (),
    "leave-clinic": (),
    "add-box": (),
    "refill-threshold": (),
    "box-out-of-fridge": (),
    "out-of-fridge": (),
    "discard-syringe": (),
    "replace-sharps": (),
    "add-side-effect": (),
    "add-medicine": (),
    "remove-medicine": (),
    "add-lab-result": (),
    "doctor-topics": (),
    "allergies": (),
    "log-dose": ("patient", "regimen"),
    "skip-dose": ("patient",),
    "doctor-said-yes": ("patient",),
    "save-scores": ("patient",),
    "plan-skip": ("patient",),
    "withdraw-skip": (),
    "undo-dose": (),
    "correct-dose": (),
    "void-dose": (),
    "site-look": (),
    "site-healed": (),
    "clinic-schedule": ("regimen",),
    "clinic-pause": ("regimen",),
    "clinic-acknowledge": (),
    "clinic-visit": (),
    "clinic-withdraw-visit": (),
    "push-subscribe": (),
    "push-remove": (),
    "end-session": (),
    "end-other-sessions": (),
    "end-all-sessions": (),
    "two-factor-start": (),
    "two-factor-off": (),
}

# The actions that take JSON rather than a form: the body each is sent.
JSON_BODIES = {
    "push-subscribe": {
        "endpoint": "https://push.example.net/send/a-new-device",
        "keys": {
            "p256dh": "BFP02C_EBj00GscgcJVbuGDDpAKj7LKj7Kv075x4o7nQk3hU"
            "MoI6SZjxVodNI9P4iasOgHv2y9W9rHv_rZBUhSw",
            "auth": "tBHItJI5svbpez7KI4CCXg",
        },
    },
}

# Which of alice's objects fills a route's <int:pk>, by the route's beginning.
PK_OWNERS = {
    "doses/": "dose",
    "settings/avoid-zones/": "avoid_zone",
    "sharing/invitations/": "invitation",
    "sharing/caregivers/": "care_link",
    "sharing/clinics/": "enrollment",
    "supplies/syringes/": "syringe",
    "supplies/boxes/": "box",
    "clinic/side-effects/": "side_effect",
    "clinic/visits/": "visit",
    "health/medicines/": "medicine",
    "patients/": "patient",
    "clinic/patients/": "patient",
    "settings/push/": "push_subscription",
    "account/sessions/": "signed_in_session",
}


def project_urls(patterns=None, prefix: str = "", namespace: str = "") -> dict[str, str]:
    """Every named URL of the project, name to route, walking the includes; not the
    admin's, nor the public sign-in views."""
    found = {}
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace or ""]))
            if inner.split(":")[0] == "admin":
                continue
            found |= project_urls(entry.url_patterns, route, inner)
        elif entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            if name not in PUBLIC:
                found[name] = route
    return found


URLS = project_urls()


pytestmark = pytest.mark.clock(NOW)


def make_user(username: str, **options):
    return get_user_model().objects.create_user(username, password=PASSWORD, **options)


@dataclass
class World:
    users: dict
    ids: dict  # alice's objects, by PK_OWNERS' names, and her regimen


@pytest.fixture
def world(patient, regimen, other_patient, caregiver, clinic, clinician) -> World:
    """Alice (A) and bob (B), each with the people around them, and what alice owns:
    a dose with a red site, an area to avoid, an invitation waiting, a caregiver
    (carol), her clinic, a box of syringes and a medicine on her list. Ron cared for
    her until she removed him; dr-lee works at a clinic she has since left."""
    alice = patient.user
    dose = record_dose(
        regimen=regimen,
        taken_at=NOW,
        site=Site("thigh", "left", 60, 100),
        administered_by="self",
        entered_by=alice,
    )
    record_site_check(dose=dose, kinds=["redness"], recorded_by=alice)
    zone = add_avoid_zone(
        patient=patient,
        centre=Site("abdomen", "", 30, 30),
        radius_mm=10,
        kind="scar",
        created_by=alice,
    )
    invitation, _token = sharing.invite_caregiver(
        patient=patient, invitee="dave@example.com", invited_by=alice
    )
    box = add_box(
        patient=patient,
        medication=regimen.medication,
        lot="K123",
        expires_on=date(2027, 6, 30),
        added_by=alice,
    )
    medicine, _match = add_other_medicine(patient=patient, name="methotrexate")
    rash = record_side_effect(
        patient=patient, kind="rash", started_on=date(2026, 11, 2), recorded_by=alice
    )
    visit = clinics.record_visit(
        patient=patient, clinic=clinic, day=date(2026, 11, 1), recorded_by=clinician
    )
    phone = push.save_subscription(
        alice,
        endpoint="https://push.example.net/send/alices-phone",
        **JSON_BODIES["push-subscribe"]["keys"],
        device="Firefox on Android",
    )

    cathy = make_user("cathy")
    CareLink.objects.create(patient=other_patient, caregiver=cathy)
    elsewhere = Clinic.objects.create(name="Dermatology")
    Enrollment.objects.create(patient=other_patient, clinic=elsewhere)
    dr_other = make_user("dr-other")
    ClinicStaff.objects.create(clinic=elsewhere, user=dr_other)
    ron = make_user("ron")
    sharing.revoke_care(link=CareLink.objects.create(patient=patient, caregiver=ron))
    former = Clinic.objects.create(name="Old Clinic")
    dr_lee = make_user("dr-lee")
    ClinicStaff.objects.create(clinic=former, user=dr_lee)
    sharing.leave_clinic(enrollment=Enrollment.objects.create(patient=patient, clinic=former))
    root = get_user_model().objects.create_superuser("root", "root@example.com", PASSWORD)
    tablet = sessions.begin_session(
        user=alice, session_key="alices-tablet", ip="192.0.2.7", user_agent="", kept=False
    )

    return World(
        users={
            PATIENT_A: alice,
            PATIENT_B: other_patient.user,
            CAREGIVER_OF_A: caregiver,
            CAREGIVER_OF_B: cathy,
            STAFF_OF_A: clinician,
            STAFF_ELSEWHERE: dr_other,
            SITE_ADMIN: root,
            CAREGIVER_REVOKED: ron,
            STAFF_AFTER_LEAVE: dr_lee,
        },
        ids={
            "dose": dose.pk,
            "avoid_zone": zone.pk,
            "invitation": invitation.pk,
            "care_link": CareLink.objects.get(caregiver=caregiver).pk,
            "enrollment": Enrollment.objects.get(clinic=clinic).pk,
            "syringe": box.syringes.order_by("pk").first().pk,
            "box": box.pk,
            "medicine": medicine.pk,
            "side_effect": rash.pk,
            "visit": visit.pk,
            "push_subscription": phone.pk,
            "patient": patient.pk,
            "regimen": regimen.pk,
            "signed_in_session": tablet.pk,
        },
    )


def url_for(name: str, world: World) -> str:
    route = URLS[name]
    if "<" not in route:
        return reverse(name)
    assert "<int:pk>" in route, f"{name}: fill the parameters of {route} in this test"
    # The longest matching beginning decides ("clinic/patients/" over "patients/").
    starts = [start for start in PK_OWNERS if route.startswith(start)]
    assert starts, f"{name}: say in PK_OWNERS which of alice's objects {route} takes"
    owner = PK_OWNERS[max(starts, key=len)]
    return reverse(name, kwargs={"pk": world.ids[owner]})


def post_data(name: str, role: str, world: World) -> dict:
    data = {}
    for field in ACTIONS[name]:
        if field == "patient" and role == PATIENT_A:
            continue  # her own check-in names no patient
        data[field] = world.ids[field]
    return data


def fingerprint() -> dict:
    """Every row of the app's tables: a refused request must change none of them. The
    audit log is left out: a refusal adds its event (see `new_events`)."""
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in apps.get_app_config("injections").get_models()
        if model is not AuditEvent
    }


def new_events(before: int) -> list[str]:
    return list(AuditEvent.objects.filter(pk__gt=before).values_list("action", flat=True))


CELLS = [pytest.param(name, role, id=f"{name}-{role}") for name in sorted(URLS) for role in ROLES]


@pytest.mark.parametrize(("name", "role"), CELLS)
def test_each_role_gets_what_the_matrix_says_at_each_url(client, world, name, role):
    if name not in MATRIX:
        pytest.fail(f"new URL {name} has no entry in the authorization matrix")
    expected = MATRIX[name][role]
    url = url_for(name, world)
    if role != ANONYMOUS:
        client.force_login(world.users[role])
    before = fingerprint()
    last_event = AuditEvent.objects.order_by("pk").values_list("pk", flat=True).last() or 0
    if name in JSON_BODIES:
        response = client.post(url, JSON_BODIES[name], content_type="application/json")
    elif name in ACTIONS:
        response = client.post(url, post_data(name, role, world))
    else:
        response = client.get(url)

    where = f"{'POST' if name in ACTIONS else 'GET'} {url} as {role}"
    if expected == "login":
        assert response.status_code == 302, where
        assert response.url == f"{LOGIN}?next={url}", where
        assert fingerprint() == before, f"{where} changed something"
        assert new_events(last_event) == [], where
    elif expected in ("404", "403"):
        assert response.status_code == int(expected), (
            f"{where}: {response.status_code}, expected {expected}"
        )
        assert fingerprint() == before, f"{where} changed something"
        # At most the refusal itself, where an access helper or a 403 refused it.
        assert set(new_events(last_event)) <= {"refused"}, where
    else:
        assert response.status_code in (200, 201, 302), f"{where}: {response.status_code}"
        if response.status_code == 302:
            assert response.url.startswith("/"), where
            assert name in SIGNS_OUT or not response.url.startswith(LOGIN), where
        if role not in SEES_A:
            assert "alice" not in text(response), f"{where} shows alice"


def test_the_matrix_has_an_entry_for_every_url_and_no_other():
    assert sorted(set(URLS) - set(MATRIX)) == [], "URLs without an entry in the matrix"
    assert sorted(set(MATRIX) - set(URLS)) == [], "entries of the matrix for no URL"


def test_each_entry_of_the_matrix_names_every_role():
    for name, row in MATRIX.items():
        assert set(row) == set(ROLES), name
        assert set(row.values()) <= {"ok", "403", "404", "login"}, name


def test_the_walk_finds_every_url_of_the_app_and_not_the_admin_or_sign_in():
    assert {pattern.name for pattern in injection_urls.urlpatterns} - PUBLIC <= set(URLS)
    assert not [name for name in URLS if name.startswith("admin:")]
    assert not PUBLIC & set(URLS)
    assert URLS["undo-dose"] == "doses/<int:pk>/undo/"


def test_the_actions_are_urls_and_refuse_get(client, world):
    assert set(ACTIONS) <= set(URLS)
    client.force_login(world.users[PATIENT_A])
    for name in ACTIONS:
        assert client.get(url_for(name, world)).status_code == 405, name


def page(response) -> tuple:
    """The page's words and its elements with their attributes, but for the CSRF
    token, new on every page, and the address the language switcher comes back to
    (the one asked for)."""
    elements = []
    for element in document(response).iter():
        attrs = dict(element.attrs)
        if element.get("name") in ("csrfmiddlewaretoken", "next"):
            attrs.pop("value")
        if "hx-headers" in attrs:
            attrs["hx-headers"] = json.loads(attrs["hx-headers"]) | {"X-CSRFToken": None}
        elements.append((element.tag, attrs))
    return words(response), elements


def test_a_patient_nobody_may_see_looks_like_one_that_does_not_exist(client, world):
    client.force_login(world.users[CAREGIVER_OF_B])
    hidden = client.get(reverse("patient", args=[world.ids["patient"]]))
    missing = client.get(reverse("patient", args=[world.ids["patient"] + 1000]))
    assert hidden.status_code == missing.status_code == 404
    assert page(hidden) == page(missing)
    assert "alice" not in text(hidden)


def test_the_people_linked_to_alice_see_her_by_name(client, world):
    """What every other role must never see: alice's name, on her pages."""
    for role, url in (
        (CAREGIVER_OF_A, reverse("patient", args=[world.ids["patient"]])),
        (STAFF_OF_A, reverse("patient", args=[world.ids["patient"]])),
        (STAFF_OF_A, reverse("clinic-patient", args=[world.ids["patient"]])),
        (PATIENT_A, reverse("home")),
    ):
        client.force_login(world.users[role])
        assert "alice" in words(client.get(url)), f"{url} as {role}"


def test_undo_by_someone_who_did_not_enter_the_dose_is_refused_with_a_message(client, world):
    client.force_login(world.users[CAREGIVER_OF_A])
    response = client.post(reverse("undo-dose", args=[world.ids["dose"]]), follow=True)
    assert response.redirect_chain == [(reverse("patient", args=[world.ids["patient"]]), 302)]
    assert "Only a record you entered in the last 10 minutes can be undone" in words(response)
    assert Dose.objects.get(pk=world.ids["dose"]).voided_at is None


# The lists show exactly the patients one is linked to


def listed(response) -> set[str]:
    if "rows" in response.context:
        return {row["patient"].user.username for row in response.context["rows"]}
    return {row.patient.user.username for row in response.context["page"].object_list}


def test_a_caregivers_list_shows_the_patient_they_care_for_and_no_other(client, world):
    client.force_login(world.users[CAREGIVER_OF_A])
    response = client.get(reverse("patients"))
    assert listed(response) == {"alice"}
    assert "alice" in words(response)
    assert "bob" not in text(response)
    client.force_login(world.users[CAREGIVER_OF_B])
    response = client.get(reverse("patients"))
    assert listed(response) == {"bob"}
    assert "bob" in words(response)
    assert "alice" not in text(response)


def test_the_clinic_dashboard_lists_its_own_patients_only(client, world):
    client.force_login(world.users[STAFF_OF_A])
    response = client.get(reverse("clinic"))
    assert listed(response) == {"alice"}
    assert "alice" in words(response)
    assert "bob" not in text(response)
    client.force_login(world.users[STAFF_ELSEWHERE])
    response = client.get(reverse("clinic"))
    assert listed(response) == {"bob"}
    assert "bob" in words(response)
    assert "alice" not in text(response)


def test_the_clinic_export_lists_its_own_patients_only(client, world):
    client.force_login(world.users[STAFF_ELSEWHERE])
    rows = client.get(reverse("clinic-export")).content.decode().splitlines()
    assert [row.split(",")[0] for row in rows[1:]] == ["bob"]


def test_a_revoked_caregiver_and_the_staff_of_a_clinic_she_left_list_nobody(client, world):
    client.force_login(world.users[CAREGIVER_REVOKED])
    assert listed(client.get(reverse("patients"))) == set()
    client.force_login(world.users[STAFF_AFTER_LEAVE])
    assert listed(client.get(reverse("patients"))) == set()
    assert listed(client.get(reverse("clinic"))) == set()


def test_a_caregiver_the_patient_removes_vanishes_at_once(client, world, clock):
    alice, carol = world.users[PATIENT_A], world.users[CAREGIVER_OF_A]
    client.force_login(alice)
    assert client.post(reverse("revoke-care", args=[world.ids["care_link"]])).status_code == 302
    clock.shift(5)
    client.force_login(carol)
    assert listed(client.get(reverse("patients"))) == set()
    assert client.get(reverse("patient", args=[world.ids["patient"]])).status_code == 404
    assert client.get(reverse("dose", args=[world.ids["dose"]])).status_code == 404


def test_a_patient_who_leaves_the_clinic_vanishes_from_its_dashboard(client, world, clock):
    client.force_login(world.users[PATIENT_A])
    assert client.post(reverse("leave-clinic", args=[world.ids["enrollment"]])).status_code == 302
    clock.shift(5)
    client.force_login(world.users[STAFF_OF_A])
    assert listed(client.get(reverse("clinic"))) == set()
    assert listed(client.get(reverse("patients"))) == set()
    assert client.get(reverse("clinic-patient", args=[world.ids["patient"]])).status_code == 404
    assert client.get(reverse("patient", args=[world.ids["patient"]])).status_code == 404
