from django.apps import AppConfig


class ContentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "content"
    verbose_name = "Site pages"

    def ready(self):
        from . import page_cache, policies

        page_cache.connect_signals()
        policies.connect_signals()
