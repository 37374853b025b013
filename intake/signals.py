"""What staff do with consultation requests, for whoever keeps a record of it.

Status steps and assignments are conditional UPDATEs (two people pressing at once record one
step), and an UPDATE sends no post_save; a request's page is shown without any save at all; and
the retention purge deletes thousands of requests at once. The access log listens here; intake
imports nothing of it.
"""

from django.dispatch import Signal

# sender=ConsultationRequest, number=the request's pk, before and after=status values.
status_changed = Signal()
# sender=ConsultationRequest, number=the request's pk, assignee=a user or None.
assignment_changed = Signal()
# sender=ConsultationRequest, queryset=the requests exported, user=who exported them.
exported = Signal()
# sender=ConsultationRequest, number=the request's pk: staff recorded the Good Faith Estimate it
# asked for as sent.
estimate_sent = Signal()
# sender=ConsultationRequest, number=the request's pk: staff printed the acknowledgement of a
# clinician's referral, for the referrer.
acknowledgement_printed = Signal()
# sender=ConsultationRequest, number=the request's pk: a page showing its details was drawn.
viewed = Signal()
# sender=ConsultationRequest, queryset=the requests about to be deleted by a staff member (sent
# in the deleting transaction, while they still exist).
deleted = Signal()
# sender=ConsultationRequest, count=how many requests the retention purge deleted in one run,
# described=which ones, in words ("closed requests, closed before 2026-01-31").
purged = Signal()
