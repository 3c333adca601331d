"""A cache backend that fails on every operation, to prove the site degrades gracefully."""

from django.core.cache.backends.base import BaseCache


class BrokenCache(BaseCache):
    def __init__(self, location, params):
        super().__init__(params)

    def _fail(self, *args, **kwargs):
        raise ConnectionError("cache server unreachable")

    add = get = set = touch = delete = incr = clear = has_key = get_many = set_many = delete_many = _fail
