"""Incident API routes (placeholder: filled in by the part of the capability that owns it)."""

from __future__ import annotations

from fastapi import APIRouter

api_router = APIRouter(prefix="/incidents", tags=["incidents"])
