from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A person who signs in to the admin: editor, moderator, reviewer or expert.

    A project-owned user model from the first migration, so that fields can be
    added later without a painful swap.
    """

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
