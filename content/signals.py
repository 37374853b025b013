from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .chrome import clear_site_chrome
from .models import FAQItem, Page, PracticeDetails, Reference


@receiver([post_save, post_delete], sender=Page)
@receiver([post_save, post_delete], sender=PracticeDetails)
@receiver([post_save, post_delete], sender=Reference)
@receiver([post_save, post_delete], sender=FAQItem)
def content_changed(sender, **kwargs):
    clear_site_chrome()
    # And again once the admin's transaction commits: a visitor's request while it was still open
    # read the old rows and may have kept that page against the version started just above.
    transaction.on_commit(clear_site_chrome)
