import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from xunshi.celery import app as celery_app


@pytest.mark.skipif(not settings.REDIS_URL, reason="needs the Redis broker")
def test_a_real_worker_answers_through_the_redis_broker():
    assert celery_app.conf.broker_url.startswith("redis://")
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        replies = celery_app.control.ping(timeout=5)
    assert replies, "the worker did not answer the broadcast ping"
