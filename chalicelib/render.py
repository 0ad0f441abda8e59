"""Jinja2 rendering of WeChat replies (`templates/wechat/*.xml.j2`) and H5 pages (`templates/h5/`)."""
import functools


@functools.lru_cache(maxsize=None)
def environment():
    import jinja2

    from chalicelib.humantime import dated_text
    from chalicelib.paths import templates_dir
    from chalicelib.wechat.xmlmsg import cdata

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"),
                                            default_for_string=False, default=False),
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False)
    env.filters["cdata"] = cdata
    env.filters["dated"] = dated_text  # a date of record as a person reads it (2021年1月1日)
    return env


def render(template_name, **context):
    return environment().get_template(template_name).render(**context)
