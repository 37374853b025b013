from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .chrome import clear_site_chrome
from .models import FAQItem, Page, PracticeDetails, Reference


@receiver(pre_save, sender=Page)
def remember_old_slug(sender, instance, **kwargs):
    # A renamed page's old address must not keep serving the cached copy.
    if instance.pk:
        instance._old_slug = (
            Page.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
        )


@receiver([post_save, post_delete], sender=Page)
@receiver([post_save, post_delete], sender=PracticeDetails)
@receiver([post_save, post_delete], sender=Reference)
@receiver([post_save, post_delete], sender=FAQItem)
def content_changed(sender, instance, **kwargs):
    slugs = {getattr(instance, "slug", None), getattr(instance, "_old_slug", None)} - {None}
    clear_site_chrome(slugs)
    # And again once the admin's transaction commits: a visitor's request while it was still open
    # read the old rows and may have cached them after the first clear.
    transaction.on_commit(lambda: clear_site_chrome(slugs))
