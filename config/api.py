"""Pieces every API endpoint shares: one JSON error shape, keyset pagination for incremental sync,
throttles, the token endpoint and the `updated_since` filter.

Errors always look like `{"code": ..., "detail": ..., "fields": {name: [messages]}}`; a
WorkflowError from a service is a 400 (403 when the actor's role may not take the step).
"""

import base64
import binascii
import json
from datetime import datetime, timedelta

import django_filters
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, filters, mixins, serializers, status, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import exception_handler as drf_exception_handler

from proposals.errors import WorkflowError

# ------------------------------------------------------------------------------------------
# Errors
# ------------------------------------------------------------------------------------------

WORKFLOW_STATUS = {"forbidden": status.HTTP_403_FORBIDDEN}


class ErrorSerializer(serializers.Serializer):
    """The one shape of every error response."""

    code = serializers.CharField(help_text="机器可读的错误代码，如 invalid、invalid_state、forbidden、not_found")
    detail = serializers.CharField(help_text="可直接展示给用户的说明")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), help_text="按字段（或查询参数）列出的错误"
    )


def _flatten(errors, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error structure as {"field" or "field.0.sub": [messages]}."""
    if isinstance(errors, dict):
        out: dict[str, list[str]] = {}
        for key, value in errors.items():
            out.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(errors, list) and errors and all(isinstance(e, str) for e in errors):
        return {prefix or "non_field_errors": [str(e) for e in errors]}
    if isinstance(errors, list):
        out = {}
        for index, value in enumerate(errors):
            if value:
                out.update(_flatten(value, f"{prefix}.{index}" if prefix else str(index)))
        return out
    return {prefix or "non_field_errors": [str(errors)]}


def error_body(code: str, detail: str, fields: dict | None = None) -> dict:
    return {"code": code, "detail": detail, "fields": fields or {}}


def exception_handler(exc, context):
    """Every error as {code, detail, fields}; a WorkflowError as 400 (403 for `forbidden`)."""
    if isinstance(exc, WorkflowError):
        fields = {("non_field_errors" if k == "__all__" else k): list(v) for k, v in exc.fields.items()}
        code = WORKFLOW_STATUS.get(exc.code, status.HTTP_400_BAD_REQUEST)
        return Response(error_body(exc.code, exc.message, fields), status=code)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.NotFound | Http404):
        # Django's "No Proposal matches the given query." says nothing a client can use, and a
        # record outside the caller's sight must look like one that does not exist.
        response.data = error_body("not_found", "未找到该记录，或您无权查看。")
        return response
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        detail = "；".join(f"{name}: {messages[0]}" for name, messages in fields.items()) or "请求无效。"
        response.data = error_body("invalid", detail, fields)
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        code = detail.code if hasattr(detail, "code") else getattr(exc, "default_code", "error")
        response.data = error_body(str(code), str(detail))
    return response


ERROR_RESPONSES = {400: ErrorSerializer, 401: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
READ_ERRORS = {400: ErrorSerializer, 401: ErrorSerializer, 404: ErrorSerializer}


# ------------------------------------------------------------------------------------------
# Keyset pagination
# ------------------------------------------------------------------------------------------

MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 100


class KeysetPagination(BasePagination):
    """Keyset ("cursor") pages ordered by (`updated_at`, `id`), or by another column of the view's
    `ordering_fields` then `id`.

    A pass is frozen at the time of its first page: later pages only return rows updated up to
    then, so a row changed during the pass is not returned twice; the last page hands back
    `next_updated_since` for the next poll, which catches every row changed since the pass
    began (a small overlap guards against transactions that committed late).
    """

    page_size_query_param = "page_size"
    cursor_query_param = "cursor"
    ordering_query_param = "ordering"
    default_ordering = "updated_at"
    # A row saved just before the pass began may commit just after it: the next poll starts this
    # much earlier than the pass, so such a row is still caught (clients upsert by id).
    overlap = timedelta(seconds=60)

    def _error(self, name: str, message: str):
        return exceptions.ValidationError({name: [message]})

    def _page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw in (None, ""):
            return DEFAULT_PAGE_SIZE
        try:
            size = int(raw)
        except ValueError:
            raise self._error("page_size", f"须为 1 到 {MAX_PAGE_SIZE} 之间的整数。") from None
        if not 1 <= size <= MAX_PAGE_SIZE:
            raise self._error("page_size", f"须为 1 到 {MAX_PAGE_SIZE} 之间的整数。")
        return size

    def _ordering(self, request, view) -> tuple[str, bool]:
        allowed = ["updated_at", *getattr(view, "ordering_fields", ())]
        raw = request.query_params.get(self.ordering_query_param) or self.default_ordering
        descending = raw.startswith("-")
        name = raw.lstrip("-")
        if name not in allowed:
            choices = ", ".join(f"{f}, -{f}" for f in allowed)
            raise self._error("ordering", f"不支持按“{raw}”排序，可选：{choices}。")
        return name, descending

    def _decode(self, token: str) -> dict:
        try:
            data = json.loads(base64.urlsafe_b64decode(token.encode() + b"=" * (-len(token) % 4)))
            if not isinstance(data, dict) or not {"u", "k", "i", "o"} <= set(data):
                raise ValueError
            data["u"] = datetime.fromisoformat(data["u"])
            data["i"] = int(data["i"])
            return data
        except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
            raise self._error("cursor", "游标无效，请从第一页重新开始。") from None

    @staticmethod
    def _encode(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode().rstrip("=")

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = self._page_size(request)
        field, descending = self._ordering(request, view)
        token = request.query_params.get(self.cursor_query_param)
        cursor = self._decode(token) if token else None
        if cursor and cursor["o"] != ("-" if descending else "") + field:
            raise self._error("cursor", "游标与排序参数不一致，请从第一页重新开始。")
        self.until = cursor["u"] if cursor else timezone.now()
        self.field, self.descending = field, descending

        queryset = queryset.filter(updated_at__lte=self.until)
        if cursor:
            model_field = self._model_field(queryset.model, field)
            try:
                value = model_field.to_python(cursor["k"])
            except Exception:
                raise self._error("cursor", "游标无效，请从第一页重新开始。") from None
            after = "lt" if descending else "gt"
            # The first, redundant condition lets the database range-scan the (field, id) index.
            queryset = queryset.filter(**{f"{field}__{after}e": value}).filter(
                Q(**{f"{field}__{after}": value}) | Q(**{field: value, f"pk__{after}": cursor["i"]})
            )
        sign = "-" if descending else ""
        rows = list(queryset.order_by(f"{sign}{field}", f"{sign}pk")[: self.page_size + 1])
        self.has_next = len(rows) > self.page_size
        self.rows = rows[: self.page_size]
        return self.rows

    @staticmethod
    def _model_field(model, name):
        try:
            return model._meta.get_field(name)
        except FieldDoesNotExist:
            raise exceptions.ValidationError({"ordering": [f"不支持按“{name}”排序。"]}) from None

    def _next_link(self) -> str | None:
        if not self.has_next:
            return None
        last = self.rows[-1]
        value = getattr(last, self.field)
        key = value.isoformat() if hasattr(value, "isoformat") else value
        token = self._encode(
            {
                "u": self.until.isoformat(),
                "k": key,
                "i": last.pk,
                "o": ("-" if self.descending else "") + self.field,
            }
        )
        from rest_framework.utils.urls import replace_query_param

        return replace_query_param(self.request.build_absolute_uri(), self.cursor_query_param, token)

    def get_paginated_response(self, data):
        next_since = None if self.has_next else (self.until - self.overlap).isoformat()
        return Response({"next": self._next_link(), "next_updated_since": next_since, "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "next_updated_since", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "description": "下一页；为空表示本轮已取完",
                },
                "next_updated_since": {
                    "type": "string",
                    "nullable": True,
                    "format": "date-time",
                    "description": "本轮取完后下次轮询使用的 updated_since",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        allowed = ["updated_at", *getattr(view, "ordering_fields", ())]
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "上一页返回的 next 中的游标",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"每页条数，1 到 {MAX_PAGE_SIZE}，默认 {DEFAULT_PAGE_SIZE}",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
            {
                "name": self.ordering_query_param,
                "required": False,
                "in": "query",
                "description": "排序字段（再按 id），默认 updated_at",
                "schema": {"type": "string", "enum": [s + f for f in allowed for s in ("", "-")]},
            },
        ]


# ------------------------------------------------------------------------------------------
# Filters shared by every list
# ------------------------------------------------------------------------------------------


class StrictBooleanField(forms.NullBooleanField):
    """true/false (or 1/0); anything else is an error rather than "no filter"."""

    widget = forms.TextInput  # NullBooleanSelect would read any unknown value as "no filter"

    def to_python(self, value):
        if value in (None, ""):
            return None
        if value in (True, "true", "True", "1", 1):
            return True
        if value in (False, "false", "False", "0", 0):
            return False
        raise forms.ValidationError("须为 true 或 false。", code="invalid")

    def validate(self, value):
        pass


class BooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class SyncFilterSet(django_filters.FilterSet):
    """`updated_since`: rows changed at or after an ISO datetime (the incremental poll)."""

    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", label="只返回此时间（ISO 8601）之后更新的记录"
    )


# ------------------------------------------------------------------------------------------
# Authentication
# ------------------------------------------------------------------------------------------


class LoginRateThrottle(AnonRateThrottle):
    """Password guesses are limited per IP whoever is logged in."""

    scope = "login"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenView(ObtainAuthToken):
    """Exchange a username and password for the user's API token."""

    throttle_classes = (LoginRateThrottle,)

    @extend_schema(
        operation_id="auth_token_create",
        tags=["auth"],
        request=inline_serializer(
            "TokenRequest", {"username": serializers.CharField(), "password": serializers.CharField()}
        ),
        responses={200: inline_serializer("TokenResponse", {"token": serializers.CharField()}), 400: ErrorSerializer},
        auth=[],
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


# ------------------------------------------------------------------------------------------
# Base viewset
# ------------------------------------------------------------------------------------------


class ReadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A list and a detail, each limited by the view's `get_queryset` (which calls a selector),
    with django-filter, search and keyset pages."""

    filter_backends = [DjangoFilterBackend, filters.SearchFilter]
    pagination_class = KeysetPagination
    ordering_fields: tuple[str, ...] = ()

    def validated(self, serializer_class, **context):
        """The request body checked by `serializer_class`, or a 400 naming the fields."""
        serializer = serializer_class(data=self.request.data, context={**self.get_serializer_context(), **context})
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def respond(self, instance, status_code=status.HTTP_200_OK, serializer_class=None):
        """The changed record, read back through the same selector as the list (or, when the step
        took it out of the caller's sight, such as returning an assignment, as the step left it)."""
        fresh = self.get_queryset().filter(pk=instance.pk).first()
        if fresh is None:
            instance.refresh_from_db()
            fresh = instance
        serializer_class = serializer_class or self.get_serializer_class()
        return Response(serializer_class(fresh, context=self.get_serializer_context()).data, status=status_code)


__all__ = [
    "ERROR_RESPONSES",
    "READ_ERRORS",
    "BooleanFilter",
    "ErrorSerializer",
    "KeysetPagination",
    "ReadViewSet",
    "SyncFilterSet",
    "TokenView",
    "exception_handler",
]
