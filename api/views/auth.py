"""Tokens: obtain one with a username and password, list yours, revoke one."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from api import selectors, services
from api.serializers.auth import ApiTokenSerializer, TokenIssuedSerializer, TokenRequestSerializer
from api.serializers.errors import ErrorSerializer
from api.views.base import ReadOnlyScopedViewSet, by_name


class TokenObtainView(APIView):
    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [AnonRateThrottle]
    serializer_class = TokenRequestSerializer

    @extend_schema(
        tags=["auth"],
        summary=_("Obtain a token"),
        description=_(
            "Failed attempts count toward the same lock-out as the login page; "
            "people with a second factor also send `otp`."
        ),
        request=TokenRequestSerializer,
        responses={
            201: TokenIssuedSerializer,
            429: OpenApiResponse(
                ErrorSerializer,
                description=_("Locked out after repeated failures, or asked too often."),
            ),
        },
    )
    def post(self, request):
        given = TokenRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        user = services.credentials_check(
            request=request._request,
            username=data["username"],
            password=data["password"],
            otp=data.get("otp", ""),
        )
        token, key = services.token_issue(user=user, name=data.get("name", ""))
        body = {"token": key, "id": token.pk, "expires_at": token.expires_at}
        return Response(TokenIssuedSerializer(body).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["auth"])
class TokenViewSet(ReadOnlyScopedViewSet):
    """Your own tokens (never their keys). 我的令牌。"""

    serializer_class = ApiTokenSerializer

    def visible(self, user):
        return selectors.tokens_of(user)

    @extend_schema(request=None, summary=_("Revoke a token"))
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        return self.act(by_name("token", services.token_revoke))
