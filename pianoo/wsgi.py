import os

import django

from pianoo.handlers import WSGIHandler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pianoo.settings.production")

# As django.core.wsgi.get_wsgi_application(), with the hardened request class.
django.setup(set_prefix=False)
application = WSGIHandler()
