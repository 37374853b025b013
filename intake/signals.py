"""Follow-up steps saved without a model save, for whoever keeps a record of them.

Status steps and assignments are conditional UPDATEs (two people pressing at once record one
step), and an UPDATE sends no post_save. The access log listens here; intake imports nothing of it.
"""

from django.dispatch import Signal

# sender=ConsultationRequest, number=the request's pk, before and after=status values.
status_changed = Signal()
# sender=ConsultationRequest, number=the request's pk, assignee=a user or None.
assignment_changed = Signal()
# sender=ConsultationRequest, queryset=the requests exported, user=who exported them.
exported = Signal()
