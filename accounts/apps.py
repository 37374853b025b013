from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "Staff accounts"

    def ready(self):
        from . import signals  # noqa: F401 (connects the access log's receivers)
