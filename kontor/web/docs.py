"""The API documentation at /schema, served by this server alone.

The page is Swagger UI from the PyPI package `swagger-ui-bundle-v2` (its files under
/schema/assets), reading the OpenAPI document from /schema/openapi.json: nothing is loaded
from outside the server, so the documentation works offline and behind a firewall.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Router
from litestar.openapi.plugins import OpenAPIRenderPlugin
from litestar.static_files import create_static_files_router

ASSETS = "/schema/assets"


def _assets_folder():
    import swagger_ui_bundle

    return swagger_ui_bundle.swagger_ui_path


class LocalSwaggerUI(OpenAPIRenderPlugin):
    """Swagger UI with its scripts, styles and icon from this server (no CDN)."""

    def __init__(self, path: str | list[str] = "/swagger") -> None:
        super().__init__(path=path, media_type="text/html",
                         favicon=f"<link rel='icon' type='image/png' href='{ASSETS}/favicon-32x32.png'>")

    def render(self, request: Request, openapi_schema: dict[str, Any]) -> bytes:
        title = openapi_schema["info"]["title"]
        return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <title>{title} API</title>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  {self.favicon}
  <link rel="stylesheet" href="{ASSETS}/swagger-ui.css">
  <style>body {{ margin: 0; padding: 0 }}</style>
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="{ASSETS}/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({{
      url: "{self.get_openapi_json_route(request)}",
      dom_id: "#swagger-ui",
      deepLinking: true,
      validatorUrl: null,
      presets: [SwaggerUIBundle.presets.apis],
      layout: "BaseLayout"
    }});
  </script>
</body>
</html>
""".encode()


def assets_router() -> Router:
    return create_static_files_router(path=ASSETS, directories=[_assets_folder()], include_in_schema=False,
                                      name="schema-assets")
