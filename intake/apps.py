from django.apps import AppConfig


class IntakeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "intake"
    verbose_name = "Consultation requests"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .groups import create_intake_staff_group

        post_migrate.connect(create_intake_staff_group, sender=self)
