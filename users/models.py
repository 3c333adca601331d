from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """An editor or administrator of the Wagtail admin; visitors have no account.

    It lives in its own app because Wagtail's migrations depend on the user
    model, while the cms app's page models depend on Wagtail's.
    """
