"""The app's routers, in the order they are registered (pages first, then the API)."""

from fastapi import APIRouter

from . import account, cases

ROUTERS: list[APIRouter] = [account.router, cases.router]
