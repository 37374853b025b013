from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .chrome import clear_site_chrome
from .models import Page, PracticeDetails


@receiver([post_save, post_delete], sender=Page)
@receiver([post_save, post_delete], sender=PracticeDetails)
def content_changed(sender, **kwargs):
    clear_site_chrome()
