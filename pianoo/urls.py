from django.conf import settings
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from checklist import api as checklist_api
from checklist import national_api, series_api
from checklist.models import LINK_PATTERN
from cms.api import api_router
from feedback import api as feedback_api
from pianoo import page_routes
from pianoo.views import health
from wegwijzer import api as wegwijzer_api

api_patterns = [
    path("wegwijzer/", wegwijzer_api.WegwijzerView.as_view(), name="wegwijzer"),
    path("wegwijzer/advice/", wegwijzer_api.AdviceView.as_view(), name="advice"),
    path("checklist/", checklist_api.ChecklistView.as_view(), name="checklist"),
    path("checklist/results/", checklist_api.ResultsView.as_view(), name="checklist-results"),
    path("checklist/national/", national_api.NationalView.as_view(), name="checklist-national"),
    path("checklist/rounds/", checklist_api.RoundsView.as_view(), name="rounds"),
    re_path(rf"^checklist/series/{LINK_PATTERN}/$", series_api.SeriesView.as_view(), name="series"),
    re_path(rf"^checklist/rounds/{LINK_PATTERN}/$", checklist_api.RoundView.as_view(), name="round"),
    re_path(
        rf"^checklist/rounds/{LINK_PATTERN}/close/$",
        checklist_api.RoundCloseView.as_view(),
        name="round-close",
    ),
    re_path(
        rf"^checklist/participate/{LINK_PATTERN}/$",
        checklist_api.ParticipateView.as_view(),
        name="participate",
    ),
    re_path(rf"^checklist/responses/{LINK_PATTERN}/$", checklist_api.ResponseView.as_view(), name="response"),
    path("feedback/", feedback_api.FeedbackView.as_view(), name="feedback"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]

handler400 = "pianoo.views.bad_request"
handler500 = "pianoo.views.server_error"

urlpatterns = [
    path("health/", health, name="health"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("api/", include((api_patterns, "api"))),
    path("feedback/", include("feedback.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Pages as Wagtail serves them, the routable pages' sub-addresses without the tree walk
    # (pianoo/page_routes.py); Wagtail's own _util/ addresses are left to wagtail_urls.
    re_path(r"^(?!_util/)((?:[\w\-]+/)*)$", page_routes.serve),
    path("", include(wagtail_urls)),
]
