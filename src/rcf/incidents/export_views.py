"""Incident routes (placeholder: filled in by the part of the capability that owns it)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)  # pages
api_router = APIRouter(tags=["incidents"])  # JSON routes, mounted under /api/v1
