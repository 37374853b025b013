import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

pytestmark = pytest.mark.django_db

# The nine weak passwords the security test got accepted, and others like them.
WEAK = [
    "Password123!",
    "Summer2024!!",
    "aaaaaaaaaaaa",
    "Welcome2024!",
    "Letmein2024!",
    "P@ssw0rd2024",
    "Iloveyou2024",
    "Admin123456!",
    "Stanford2024!",
    "short-one",
    "123456789012",
]


@pytest.mark.parametrize("password", WEAK)
def test_weak_passwords_are_refused(password, django_user_model):
    user = django_user_model(username="jordan", email="jordan.lee@example.org")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_password_like_the_persons_own_details_is_refused(django_user_model):
    user = django_user_model(
        username="jordanlee", first_name="Jordan", last_name="Lee", email="jordanlee@example.org"
    )
    with pytest.raises(ValidationError):
        validate_password("jordanlee@example", user)


def test_fewer_than_twelve_characters_are_refused_with_the_number():
    with pytest.raises(ValidationError) as refused:
        validate_password("xq7#Lp2!vR")
    assert any("at least 12 characters" in message for message in refused.value.messages)


@pytest.mark.parametrize(
    "password", ["blue coffee window 42", "gX7#pLq9!vR2mZ", "correct horse battery staple"]
)
def test_long_unguessable_passwords_are_accepted(password, django_user_model):
    user = django_user_model(username="jordan", email="jordan.lee@example.org")
    validate_password(password, user)


def test_the_admin_refuses_a_weak_password_when_staff_change_theirs(sign_in, client, make_staff):
    user = make_staff("jordan")
    sign_in(client, user)

    response = client.post(
        "/admin/password_change/",
        {
            "old_password": "a-long-test-password",
            "new_password1": "Summer2024!!",
            "new_password2": "Summer2024!!",
        },
    )

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password("a-long-test-password")
