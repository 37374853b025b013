from django.apps import AppConfig


class ContentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "content"
    verbose_name = "Site pages"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import page_cache, policies
        from .groups import create_content_editors_group

        page_cache.connect_signals()
        policies.connect_signals()
        post_migrate.connect(create_content_editors_group, sender=self)
