"""The OpenAPI schema: the token scheme, and the error responses every operation can give."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse

from api.serializers.errors import ErrorSerializer, ValidationErrorSerializer

READS = {"GET", "HEAD", "OPTIONS"}


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'Send "Token <key>"; get a key from POST /api/v1/auth/token/. '
            "令牌：请求头 Authorization: Token <key>。",
        }


def _error(description, serializer=ErrorSerializer):
    return OpenApiResponse(serializer, description=description)


ALWAYS = {
    "400": _error("Bad input: the fields and what is wrong. 输入有误。", ValidationErrorSerializer),
    "401": _error("Not logged in, or the token is not valid. 未登录或令牌无效。"),
    "403": _error("Your role may not do this. 无权操作。"),
    "404": _error("Not found, or not yours to see. 不存在或无权查看。"),
}
ON_WRITE = {
    "409": _error("The object's state does not allow this now. 当前状态不允许此操作。"),
    "415": _error("Send JSON or multipart form data. 不支持的请求格式。"),
}


class XunshiAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = dict(ALWAYS)
        if self.method not in READS:
            errors.update(ON_WRITE)
        for code, response in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code, direction=direction)
        return responses
