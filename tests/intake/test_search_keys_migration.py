"""Requests kept before the queue's search keys existed are found like new ones: the migration
that adds the keys fills them in for every request already saved."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("intake", "0016_payment_questions_and_good_faith_estimate")]
AFTER = [("intake", "0017_queue_order_column_and_search_keys")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_every_kept_request_its_search_keys():
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        Old = executor.loader.project_state(BEFORE).apps.get_model("intake", "ConsultationRequest")
        kept = Old.objects.create(
            full_name="Zoë O'Brien",
            preferred_name="Zo",
            email=" Zoe@Example.org",
            phone="+1 (415) 555-0102",
            helper_name="Maria",
            helper_email="maria@example.org",
            helper_phone="408.555.0133",
            state="CA",
            self_harm_thoughts="no",
        )

        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)

        new_apps = executor.loader.project_state(AFTER).apps
        SearchKey = new_apps.get_model("intake", "SearchKey")
        keys = set(SearchKey.objects.filter(request_id=kept.pk).values_list("kind", "key"))
        assert keys == {
            ("name", "zoe"),
            ("name", "o"),
            ("name", "brien"),
            ("name", "zo"),
            ("name", "maria"),
            ("email", "zoe@example.org"),
            ("email", "maria@example.org"),
            ("phone", "2010555514"),
            ("phone", "3310555804"),
        }
        # The answers themselves are as the person typed them.
        request = new_apps.get_model("intake", "ConsultationRequest").objects.get(pk=kept.pk)
        assert (request.full_name, request.email) == ("Zoë O'Brien", " Zoe@Example.org")
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_referrals_kept_before_the_referrer_was_searchable_are_found_by_the_referrer():
    before = [("intake", "0018_clinician_referral")]
    after = [("intake", "0019_referrals_at_the_front_desk")]
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(before)
        old_apps = executor.loader.project_state(before).apps
        Old = old_apps.get_model("intake", "ConsultationRequest")
        fields = {"state": "CA", "self_harm_thoughts": "no"}
        referral = Old.objects.create(
            full_name="Alex Rivera",
            submitted_by="clinician",
            referrer_name="Jane Okafor",
            referrer_email="J.Okafor@Bayside.example",
            referrer_phone="(415) 555-0199",
            **fields,
        )
        own = Old.objects.create(full_name="Sam Other", **fields)
        # The keys it was saved with then (its patient's), one of them also a referrer's word.
        OldKey = old_apps.get_model("intake", "SearchKey")
        for word in ["alex", "rivera", "jane"]:
            OldKey.objects.create(request_id=referral.pk, kind="name", key=word)

        executor = MigrationExecutor(connection)
        executor.migrate(after)

        SearchKey = executor.loader.project_state(after).apps.get_model("intake", "SearchKey")
        keys = list(SearchKey.objects.filter(request_id=referral.pk).values_list("kind", "key"))
        assert sorted(keys) == [
            ("email", "j.okafor@bayside.example"),
            ("name", "alex"),
            ("name", "jane"),
            ("name", "okafor"),
            ("name", "rivera"),
            ("phone", "9910555514"),
        ]
        assert not SearchKey.objects.filter(request_id=own.pk).exists()
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
