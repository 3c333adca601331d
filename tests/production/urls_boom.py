"""The site's URLs plus views that fail, to test the 500 handling."""

from django.urls import path

from pianoo.urls import urlpatterns as site_urlpatterns


def boom(request):
    raise RuntimeError("geheime-interne-details /etc/passwd SELECT * FROM users")


handler400 = "pianoo.views.bad_request"
handler500 = "pianoo.views.server_error"
urlpatterns = [path("boom/", boom), path("api/boom/", boom), *site_urlpatterns]
