"""The certificate, the letter of invitation and the public certificate check:
the documents themselves, the pages and the API, for the host, the sending
nation, an outsider and an anonymous visitor."""

from __future__ import annotations

import base64
import io
import json
import re
import unicodedata
from decimal import Decimal

import pypdf
import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tadrib.accounts.models import User
from tadrib.agreements import testing as at
from tadrib.core import testing
from tadrib.core.choices import Role
from tadrib.core.testing import World
from tadrib.training import documents, services
from tadrib.training import testing as tt
from tadrib.training.models import Grade, Nomination

pytestmark = pytest.mark.django_db


# --- data ----------------------------------------------------------------------


def pdf_pages(data: bytes) -> tuple[list[pypdf.PageObject], str]:
    assert data.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return list(reader.pages), unicodedata.normalize("NFKC", text)


def client_for(user: User | None) -> Client:
    return testing.client_for(user)


@pytest.fixture
def manager_c(world: World) -> User:
    """The sending nation's manager (nation C's ministry owns its nominations)."""
    return testing.user("manager_c", (at.third_party(world), Role.MANAGER))


@pytest.fixture
def graduate(world: World) -> Nomination:
    """A nation-C trainee who completed a course at nation A's facility, with
    a qualification and ECTS credits to show."""
    nomination = tt.c_nomination(world)
    course = nomination.course
    course.qualification = tt.qualification("Q-EOD")
    course.ects_credits = Decimal("7.5")
    services.save_course(course, actor=None)
    assessment = tt.assessment(world, 0, weight=100)
    services.save_grade(
        Grade(nomination=nomination, assessment=assessment, score=Decimal("91.50")), actor=None
    )
    services.complete_session(nomination.session, actor=None)  # type: ignore[arg-type]
    nomination.refresh_from_db()
    assert nomination.status == "completed"
    assert nomination.certificate_code
    return nomination


def approved(world: World, i: int, until: str = "approved") -> Nomination:
    """A nation-C nominee to nation A's facility, walked as far as ``until``."""
    # Not the graduates' session: that one is closed once they complete.
    session = at.shared(world, "letter_session", lambda: tt.session(world, 901))
    person = tt.nominee(world, tt.unit_c(world))
    draft = tt.nomination(
        world, 6000 + i, person=person, session=session, owner=at.third_party(world)
    )
    return tt.walk(draft, until)


@pytest.fixture
def invited(world: World) -> Nomination:
    nomination = approved(world, 0)
    return services.issue_letter(nomination, actor=world.manager_a)


def letter_prefix() -> str:
    return f"A-FAC/{timezone.localdate().year}/"


# --- the certificate -------------------------------------------------------------


def test_the_certificate_is_one_landscape_page_in_three_languages(graduate: Nomination) -> None:
    pages, text = pdf_pages(documents.certificate_pdf(graduate))
    assert len(pages) == 1
    width, height = float(pages[0].mediabox.width), float(pages[0].mediabox.height)
    assert width > height  # landscape
    assert round(width / 72 * 25.4) == 297
    code = graduate.certificate_code
    assert code is not None
    course = graduate.course
    person = graduate.person
    for expected in (
        code,
        f"/verify/{code}/",
        course.code,
        course.name_en,
        course.name_tr,
        "دورة إزالة الألغام",  # the Arabic title (its number may be read out of order)
        person.full_name_latin,
        "Certificate of completion",
        "Org A-FAC",  # the institution, in English…
        "Kurum A-FAC",  # …and in Turkish
        "Qualification Q-EOD",
        "7.5",
    ):
        assert expected in text, expected


def test_the_certificate_has_a_right_to_left_arabic_block(graduate: Nomination) -> None:
    html = documents.render_certificate_html(graduate)
    assert 'lang="ar" dir="rtl"' in html
    assert 'lang="en" dir="ltr"' in html
    assert 'lang="tr" dir="ltr"' in html
    assert graduate.person.full_name in html  # the name in its own script
    assert '"Noto Naskh Arabic"' in html
    # Nothing is fetched: the QR code is inline.
    assert 'src="data:image/svg+xml;base64,' in html
    assert all(url.startswith("data:") for url in re.findall(r'(?:src|href)="([^"]*)"', html))


def test_the_qr_code_is_an_svg_of_the_address(
    graduate: Nomination, monkeypatch: pytest.MonkeyPatch
) -> None:
    encoded: list[str] = []
    original = documents.qr_data_url

    def spy(text: str) -> str:
        encoded.append(text)
        return original(text)

    monkeypatch.setattr(documents, "qr_data_url", spy)
    documents.render_certificate_html(graduate, site="https://tadrib.example/")
    assert encoded == [f"https://tadrib.example/verify/{graduate.certificate_code}/"]
    svg = base64.b64decode(original("/verify/X/").split(",", 1)[1])
    assert b"<svg" in svg and b"<path" in svg


def test_a_long_course_name_still_fits_on_one_page(graduate: Nomination) -> None:
    course = graduate.course
    course.name_en = ("Explosive ordnance disposal and humanitarian demining " * 4)[:200]
    course.name_tr = ("Patlayıcı mühimmat imhası ve insani mayın temizleme " * 4)[:200]
    course.name_ar = ("التخلص من الذخائر المتفجرة وإزالة الألغام الإنسانية " * 4)[:200]
    services.save_course(course, actor=None)
    graduate.refresh_from_db()
    pages, _text = pdf_pages(documents.certificate_pdf(graduate))
    assert len(pages) == 1


def test_there_is_no_certificate_before_completion(world: World) -> None:
    with pytest.raises(ValueError, match="no certificate"):
        documents.certificate_pdf(tt.c_nomination(world))


def test_the_certificate_downloads_for_host_and_sending_nation(
    world: World, graduate: Nomination, manager_c: User
) -> None:
    url = reverse("training:nomination_certificate", args=[graduate.pk])
    for user in (world.manager_a, manager_c):
        response = client_for(user).get(url)
        assert response.status_code == 200, user
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == (
            f'attachment; filename="certificate-{graduate.certificate_code}.pdf"'
        )
        _pages, text = pdf_pages(response.content)
        assert f"http://testserver/verify/{graduate.certificate_code}/" in text


def test_the_certificate_is_hidden_from_another_nation(world: World, graduate: Nomination) -> None:
    url = reverse("training:nomination_certificate", args=[graduate.pk])
    assert client_for(world.manager_b).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302  # to sign in


def test_a_nomination_without_certificate_has_no_certificate_page(world: World) -> None:
    nomination = tt.c_nomination(world)
    url = reverse("training:nomination_certificate", args=[nomination.pk])
    assert client_for(world.manager_a).get(url).status_code == 404


# --- the letter of invitation ----------------------------------------------------


def test_it_refuses_a_letter_before_vetting_and_approval(world: World) -> None:
    for until in ("eligible", "vetted"):
        nomination = approved(world, {"eligible": 1, "vetted": 2}[until], until)
        with pytest.raises(ValidationError, match="vetting and approval"):
            services.issue_letter(nomination, actor=world.manager_a)
        nomination.refresh_from_db()
        assert nomination.letter_number is None


def test_it_refuses_a_letter_without_complete_identity(world: World) -> None:
    nomination = approved(world, 3)
    Nomination.objects.filter(pk=nomination.pk).update(passport_number="")
    with pytest.raises(ValidationError, match="Identity data is incomplete"):
        services.issue_letter(nomination, actor=world.manager_a)


def test_letters_of_one_institution_are_numbered_in_order(world: World) -> None:
    first, second = approved(world, 4), approved(world, 5)
    services.issue_letter(second, actor=world.manager_a)
    services.issue_letter(first, actor=world.manager_a)
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.letter_number == f"{letter_prefix()}0001"
    assert first.letter_number == f"{letter_prefix()}0002"
    assert first.letter_issued_on == timezone.localdate()
    # Issuing again keeps the number.
    assert services.issue_letter(first, actor=world.manager_a).letter_number == first.letter_number


def test_only_the_host_issues_the_letter(world: World, manager_c: User) -> None:
    nomination = approved(world, 6)
    with pytest.raises(PermissionDenied):
        services.issue_letter(nomination, actor=manager_c)


def test_the_letter_names_the_trainee_course_and_dates(invited: Nomination) -> None:
    pages, text = pdf_pages(documents.letter_pdf(invited, "en"))
    assert len(pages) == 1
    person, session = invited.person, invited.session
    assert session is not None
    for expected in (
        invited.letter_number,
        "Letter of invitation and travel order",
        "Org C-MOD",  # the nominating organisation, addressed
        person.full_name_latin,
        "CPT",  # the rank
        "May 5, 1995",  # date of birth
        invited.passport_number,
        invited.course.code,
        invited.course.name_en,
        "Org A-FAC",
        "Range 3",
    ):
        assert expected and expected in text, expected


def test_the_arabic_letter_reads_right_to_left(invited: Nomination) -> None:
    html = documents.render_letter_html(invited, "ar")
    assert '<html lang="ar" dir="rtl">' in html
    assert "منظمة C-MOD" in html  # the addressee's Arabic name
    assert invited.course.name_ar in html
    _pages, text = pdf_pages(documents.letter_pdf(invited, "ar"))
    assert invited.passport_number in text
    with pytest.raises(ValueError, match="fr"):
        documents.letter_pdf(invited, "fr")


def test_the_letter_downloads_in_the_language_asked(world: World, invited: Nomination) -> None:
    url = reverse("training:nomination_letter", args=[invited.pk])
    response = client_for(world.manager_a).get(url, {"language": "tr"})
    assert response.status_code == 200
    number = str(invited.letter_number).replace("/", "-")
    assert response["Content-Disposition"] == f'attachment; filename="letter-{number}-tr.pdf"'
    _pages, text = pdf_pages(response.content)
    assert invited.course.name_tr in text
    assert client_for(world.manager_a).get(url, {"language": "fr"}).status_code == 400


def test_the_letter_is_hidden_from_another_nation(world: World, invited: Nomination) -> None:
    url = reverse("training:nomination_letter", args=[invited.pk])
    assert client_for(world.manager_b).get(url, {"language": "en"}).status_code == 404


def test_there_is_no_letter_page_before_the_letter_is_issued(world: World) -> None:
    nomination = approved(world, 7)
    url = reverse("training:nomination_letter", args=[nomination.pk])
    assert client_for(world.manager_a).get(url).status_code == 404


def test_the_issue_page_numbers_the_letter_and_returns_to_the_nomination(world: World) -> None:
    nomination = approved(world, 8)
    url = reverse("training:nomination_issue_letter", args=[nomination.pk])
    response = client_for(world.manager_a).post(url)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/training/nominations/{nomination.pk}/")
    nomination.refresh_from_db()
    assert nomination.letter_number == f"{letter_prefix()}0001"
    (message,) = get_messages(response.wsgi_request)
    assert message.level_tag == "success"
    assert nomination.letter_number in str(message)


def test_the_issue_page_reports_a_refusal(world: World, manager_c: User) -> None:
    early = approved(world, 9, "vetted")
    response = client_for(world.manager_a).post(
        reverse("training:nomination_issue_letter", args=[early.pk])
    )
    assert response.status_code == 302
    (message,) = get_messages(response.wsgi_request)
    assert message.level_tag == "error"
    assert "vetting and approval" in str(message)

    ready = approved(world, 10)
    response = client_for(manager_c).post(
        reverse("training:nomination_issue_letter", args=[ready.pk])
    )
    (message,) = get_messages(response.wsgi_request)
    assert "host institution" in str(message)
    assert not Nomination.objects.filter(letter_number__isnull=False).exists()


def test_the_issue_page_hides_another_nations_nomination(world: World) -> None:
    nomination = approved(world, 11)
    url = reverse("training:nomination_issue_letter", args=[nomination.pk])
    assert client_for(world.manager_b).post(url).status_code == 404
    assert client_for(world.manager_a).get(url).status_code == 405


# --- the public check ------------------------------------------------------------


def variants(code: str) -> list[str]:
    return [code, code.lower(), code.replace("-", ""), code.replace("-", "").lower()]


def test_anyone_can_check_a_certificate(graduate: Nomination) -> None:
    code = str(graduate.certificate_code)
    for typed in variants(code):
        response = client_for(None).get(reverse("verify:certificate", args=[typed]))
        assert response.status_code == 200, typed
        page = response.content.decode()
        assert "is genuine" in page
        assert graduate.person.full_name_latin in page
        assert graduate.person.full_name in page
        assert graduate.course.code in page
        assert graduate.course.name_en in page
        assert "Org A-FAC" in page
        assert code in page
        assert response["X-Robots-Tag"].startswith("noindex")


def test_the_check_shows_nothing_of_the_record(graduate: Nomination) -> None:
    page = client_for(None).get(f"/verify/{graduate.certificate_code}/").content.decode()
    assert graduate.person.service_number not in page
    assert graduate.passport_number not in page
    assert "91.5" not in page  # the final grade
    assert graduate.get_status_display() not in page


def test_an_unknown_code_is_not_found(graduate: Nomination) -> None:
    for typed in ("AAAA-BBBB-CCCC", "nonsense", "<script>"):
        response = client_for(None).get(reverse("verify:certificate", args=[typed]))
        assert response.status_code == 404
        page = response.content.decode()
        assert "No certificate has the code" in page
        assert graduate.person.full_name_latin not in page
    assert "<script>" not in client_for(None).get("/verify/%3Cscript%3E/").content.decode()


def test_a_certificate_stays_valid_whatever_the_status(graduate: Nomination) -> None:
    # Set directly: only the certificate code decides, not the pipeline step.
    Nomination.objects.filter(pk=graduate.pk).update(status="withdrawn")
    response = client_for(None).get(f"/verify/{graduate.certificate_code}/")
    assert response.status_code == 200


def test_the_check_form_sends_a_typed_code_to_its_page(graduate: Nomination) -> None:
    anonymous = client_for(None)
    form = anonymous.get(reverse("verify:form"))
    assert form.status_code == 200
    assert 'name="code"' in form.content.decode()
    code = str(graduate.certificate_code)
    response = anonymous.get(reverse("verify:form"), {"code": f" {code.lower()} "})
    assert response.status_code == 302
    assert response["Location"] == f"/verify/{code}/"
    response = anonymous.get(reverse("verify:form"), {"code": "12/34"})
    assert response.status_code == 200
    assert "twelve letters and digits" in response.content.decode()


def test_a_signed_in_user_sees_the_same_check(world: World, graduate: Nomination) -> None:
    response = client_for(world.manager_b).get(f"/verify/{graduate.certificate_code}/")
    assert response.status_code == 200
    assert graduate.person.full_name_latin in response.content.decode()


# --- the API -----------------------------------------------------------------------


def test_the_api_checks_a_certificate_without_signing_in(graduate: Nomination) -> None:
    code = str(graduate.certificate_code)
    session = graduate.session
    assert session is not None
    for typed in variants(code):
        response = client_for(None).get(f"/api/certificates/{typed}")
        assert response.status_code == 200, typed
        assert response.json() == {
            "valid": True,
            "holder_name_latin": graduate.person.full_name_latin,
            "holder_name": graduate.person.full_name,
            "course_code": graduate.course.code,
            "course_title": graduate.course.name_en,
            "institution": "Org A-FAC",
            "starts_on": session.starts_on.isoformat(),
            "ends_on": session.ends_on.isoformat(),
            "issued_on": str(graduate.certificate_issued_on),
        }
    response = client_for(None).get("/api/certificates/AAAA-BBBB-CCCC")
    assert response.status_code == 404
    assert response.json() == {"detail": "No certificate has this code."}


def test_the_other_document_endpoints_need_a_signed_in_caller(invited: Nomination) -> None:
    anonymous = client_for(None)
    pk = invited.pk
    assert anonymous.get(f"/api/nominations/{pk}/certificate").status_code == 401
    assert anonymous.get(f"/api/nominations/{pk}/letter").status_code == 401
    assert anonymous.post(f"/api/nominations/{pk}/letter").status_code == 401


def test_the_api_downloads_the_documents(
    world: World, graduate: Nomination, invited: Nomination
) -> None:
    client = client_for(world.manager_a)
    response = client.get(f"/api/nominations/{graduate.pk}/certificate")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    _pages, text = pdf_pages(response.content)
    assert str(graduate.certificate_code) in text
    response = client.get(f"/api/nominations/{invited.pk}/letter", {"language": "ar"})
    assert response.status_code == 200
    _pages, text = pdf_pages(response.content)
    assert str(invited.passport_number) in text
    assert (
        client.get(f"/api/nominations/{invited.pk}/letter", {"language": "fr"}).status_code == 422
    )
    # No certificate yet, no letter yet: not found.
    assert client.get(f"/api/nominations/{invited.pk}/certificate").status_code == 404
    assert client.get(f"/api/nominations/{graduate.pk}/letter").status_code == 404


def test_the_api_hides_documents_from_another_nation(
    world: World, graduate: Nomination, invited: Nomination
) -> None:
    client = client_for(world.manager_b)
    for path_ in (
        f"/api/nominations/{graduate.pk}/certificate",
        f"/api/nominations/{invited.pk}/letter",
    ):
        response = client.get(path_)
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}
    assert client.post(f"/api/nominations/{invited.pk}/letter").status_code == 404


def test_the_api_issues_a_letter(world: World, manager_c: User) -> None:
    nomination = approved(world, 12)
    url = f"/api/nominations/{nomination.pk}/letter"
    refused = client_for(manager_c).post(url)
    assert refused.status_code == 403
    assert "host institution" in refused.json()["detail"]
    response = client_for(world.manager_a).post(url)
    assert response.status_code == 200
    assert response.json() == {
        "letter_number": f"{letter_prefix()}0001",
        "letter_issued_on": timezone.localdate().isoformat(),
    }
    early = approved(world, 13, "vetted")
    response = client_for(world.manager_a).post(f"/api/nominations/{early.pk}/letter")
    assert response.status_code == 422
    assert "vetting and approval" in json.dumps(response.json())


def test_the_api_documents_its_operations(world: World) -> None:
    spec = client_for(None).get("/api/openapi.json").json()
    operations = {
        op["operationId"]: op
        for item in spec["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and "operationId" in op
    }
    for name in (
        "training_nomination_certificate",
        "training_nomination_letter",
        "training_nomination_issue_letter",
        "training_certificate_check",
    ):
        assert name in operations
    public = operations["training_certificate_check"]
    assert not public.get("security")
    assert "401" not in public["responses"]
    assert operations["training_nomination_certificate"].get("security")
    assert (
        "application/pdf"
        in operations["training_nomination_certificate"]["responses"]["200"]["content"]
    )
