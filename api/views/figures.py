"""Figures counted by the database: rectification rates and a term's coverage.

Both are for the readers of an office's work (its staff and leadership group), as the figures
and planning pages are; anyone else gets 404, as on those pages.
"""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers.figures import (
    CoverageFiguresQuery,
    CoverageFiguresSerializer,
    RectificationFiguresQuery,
    RectificationFiguresSerializer,
    RollupQuery,
    RollupSerializer,
)
from coverage.rollup import rollup, rollup_office
from coverage.selectors import term_coverage
from rectification.figures import percent, rectification_figures
from rounds.selectors import terms_planned_by


def _query(serializer_class, request):
    given = serializer_class(data=request.query_params)
    given.is_valid(raise_exception=True)
    return given.validated_data


class RectificationFiguresView(APIView):
    @extend_schema(
        tags=["figures"],
        summary=_("Rectification rates"),
        description=_(
            '"N of M fed-back problems rectified, X%" for your office, grouped as asked, with '
            "the total. A grouping other than target, round, category or office is a 400."
        ),
        parameters=[RectificationFiguresQuery],
        responses=RectificationFiguresSerializer,
    )
    def get(self, request):
        by = _query(RectificationFiguresQuery, request)["by"]
        found = rectification_figures(request.user, by=by, today=timezone.localdate())
        if found is None:
            raise NotFound
        return Response(RectificationFiguresSerializer(found).data)


class CoverageFiguresView(APIView):
    @extend_schema(
        tags=["figures"],
        summary=_("A term's coverage"),
        description=_(
            "How many of your office's active targets were inspected in the term. A term that "
            "is not one of your office's, or does not exist, is a 404; a missing or malformed "
            "term id is a 400."
        ),
        parameters=[CoverageFiguresQuery],
        responses=CoverageFiguresSerializer,
    )
    def get(self, request):
        term_id = _query(CoverageFiguresQuery, request)["term"]
        term = get_object_or_404(terms_planned_by(request.user), pk=term_id)
        coverage = term_coverage(term=term)
        body = {
            "term": term,
            "targets": coverage.targets,
            "covered": coverage.covered,
            "effectively_covered": coverage.effectively_covered,
            "rate": percent(coverage.covered, coverage.targets),
            "effective_rate": percent(coverage.effectively_covered, coverage.targets),
        }
        return Response(CoverageFiguresSerializer(body).data)


class RollupFiguresView(APIView):
    @extend_schema(
        tags=["figures"],
        summary=_("The roll-up across levels"),
        description=_(
            "Your office's own work, then one row per office directly below it with everything "
            "under it, and the total: coverage in each office's current term, rounds run, "
            "problems fed back and rectified, overdue items, leads by outcome (counts only). "
            "An office that is neither yours nor below it is a 404."
        ),
        parameters=[RollupQuery],
        responses=RollupSerializer,
    )
    def get(self, request):
        office = rollup_office(request.user, _query(RollupQuery, request).get("office"))
        if office is None:
            raise NotFound
        found = rollup(request.user, office, today=timezone.localdate())
        body = {
            "office": office,
            "rows": [row.as_dict() for row in found.rows],
            "total": found.total.as_dict(),
        }
        return Response(RollupSerializer(body).data)
