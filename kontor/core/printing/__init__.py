"""Printing: records rendered through jinja2 templates that the printing hook chooses.

`render` asks `kontor_print_template` which template to use (a plugin first, the core's
default last) and `kontor_print_context` what to add to the context, then renders HTML or
plain text. What to print is built by the area that owns the record: documents here
(`documents.print_document`), dunning letters in kontor.core.finance.dunning_print.
"""

from kontor.core.printing.renderer import Printed, render

__all__ = ["Printed", "render"]
