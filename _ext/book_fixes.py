"""Small fixes to the web book's pages, loaded by `_config.yml` (sphinx.local_extensions).

sphinx-thebe 0.3.1 registers its inline configuration script (`const THEBE_JS_URL = ...`)
while the documents are being read, and Sphinx 7 then puts it on every page twice (once with
the file name None, once with ''); the second copy throws "Identifier 'THEBE_JS_URL' has already
been declared" in the browser.  Scripts that appear twice on a page are dropped, keeping the first.
"""


def _drop_repeated_scripts(app, pagename, templatename, context, doctree):
    seen, kept = set(), []
    for script in context.get("script_files", []):
        attributes = getattr(script, "attributes", {})
        key = (getattr(script, "filename", script) or "", tuple(sorted(attributes.items())))
        if key not in seen:
            seen.add(key)
            kept.append(script)
    context["script_files"] = kept


def setup(app):
    # after the other extensions' handlers, which may still add scripts
    app.connect("html-page-context", _drop_repeated_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
