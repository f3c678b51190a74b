"""The steps layer: options declared once, documents as data, names that cannot collide."""

import inspect

import pytest

import symconv
from symconv import InputError
from symconv.cli import _build_parser
from symconv.dispatch import PARAMETERS
from symconv.fence import FENCE_KEYS
from symconv.render.printer import HOOKS, Printer
from symconv.steps import OPTIONS, Output, build, options_for

F = symconv.formula


def test_method_signatures_are_the_declared_options():
    declared = {o.name: o.default for o in OPTIONS}
    for method in (symconv.Derivation.latex, symconv.Derivation.document):
        params = inspect.signature(method).parameters
        assert {n: p.default for n, p in params.items() if n != "self"} == declared


def test_cli_flags_and_fence_keys_come_from_the_declarations():
    parser = _build_parser()
    sub = parser._subparsers._group_actions[0].choices
    from symconv.dispatch import OPERATIONS

    from symconv.cli_platforms import COMMANDS

    assert set(sub) == set(OPERATIONS) | {"grade", "lint", "exercise"} | set(COMMANDS)
    grade_flags = {s for a in sub["grade"]._actions for s in a.option_strings}
    assert {"--" + p.name.replace("_", "-") for p in PARAMETERS if p.name not in ("formula", "params")} <= grade_flags
    lint_flags = {s for a in sub["lint"]._actions for s in a.option_strings}
    assert {"--mode", "--start-a", "--start-b"} <= lint_flags and "--stride" not in lint_flags
    for op, p in sub.items():
        if op not in OPERATIONS:
            continue
        flags = {s for a in p._actions for s in a.option_strings}
        for option in OPTIONS:
            expected = f"--no-{option.name}" if option.is_flag and option.default else f"--{option.name}"
            assert expected in flags, (op, option.name)
        for parameter in PARAMETERS:
            flag = "--param" if parameter.name == "params" else "--" + parameter.name.replace("_", "-")
            assert (flag in flags) == (op in parameter.ops), (op, parameter.name)
    for option in OPTIONS:
        assert (option.name in FENCE_KEYS) == (option.name not in ("check", "call"))
    assert all(p.name in FENCE_KEYS for p in PARAMETERS)


@pytest.mark.parametrize("make, option", [
    (lambda: symconv.convolve(F("u[n]"), F("u[n]")), {"wrap": 3}),
    (lambda: symconv.convolve(F("u[n]"), F("u[n]")), {"elide": 1}),
    (lambda: symconv.convolve(F("u[n]"), F("u[n]")), {"zeros": True}),
    (lambda: symconv.convolve(F("u[n]"), F("u[n]")), {"digits": 3}),
    (lambda: symconv.convolve(F("u[n]"), F("u[n]")), {"call": False}),
    (lambda: symconv.correlate([1], [2]), {"flip": False}),
    (lambda: symconv.conv2d("1 2; 3 4", "1"), {"zeros": True}),
    (lambda: symconv.conv2d("1 2; 3 4", "1"), {"flip": False}),
])
def test_options_that_do_not_apply_are_refused(make, option):
    d = make()
    name = next(iter(option))
    for render in (d.latex, d.text, d.typst, d.markdown):
        with pytest.raises(InputError, match=f"option {name} does not apply"):
            render(**option)


def test_unknown_and_bad_options_are_refused_everywhere():
    d = symconv.convolve([1], [2])
    for render in (d.text, d.typst, d.markdown):
        with pytest.raises(InputError, match="unknown option 'colour'"):
            render(colour="red")
    with pytest.raises(TypeError):
        d.latex(colour="red")
    for bad in ({"wrap": 0}, {"numbers": "roman"}, {"digits": 99}, {"zeros": "yes"}, {"names": 5}):
        with pytest.raises(InputError):
            options_for("convolve", bad)


def test_every_hook_is_declared_and_every_format_implements_it():
    from symconv.render.latex import LatexPrinter
    from symconv.render.text import TextPrinter
    from symconv.render.typst import TypstPrinter

    for name in HOOKS:
        assert getattr(Printer, name).__doc__.startswith("Hook:")
        for printer in (LatexPrinter, TextPrinter, TypstPrinter):
            assert getattr(printer, name) is not getattr(Printer, name), (printer.__name__, name)
    assert "target" not in vars(Printer) and "latex" not in inspect.getsource(Printer)


def test_a_document_is_data_built_once():
    d = symconv.convolve(symconv.Sequence("1, 2, 3", start=-1), [1, -1])
    doc = d.document(elide=1)
    outputs = [s for s in doc.steps if isinstance(s, Output)]
    assert [o.lhs.index for o in outputs] == [(-1,), (2,)]
    term = outputs[1].terms[0]
    assert (term.factors[0].ref.index, term.factors[1].ref.index, term.product) == ((1,), (1,), -3)
    assert all(isinstance(s, (str, int, tuple, type(None))) or hasattr(s, "__dataclass_fields__")
               for s in doc.steps)
    assert not any(isinstance(v, str) and ("\\" in v or "·" in v) for s in doc.steps
                   for v in getattr(s, "__dict__", {}).values())  # no notation in the steps


def test_default_names_avoid_the_entries_symbols():
    d = symconv.correlate("x, x**2", "a, b", mode="full")
    assert set(d.names).isdisjoint({"a", "b", "x"})
    assert "f[0]" in d.text()
    with pytest.raises(InputError, match="both a sequence and a symbol"):
        d.text(names="a,b,c")
    with pytest.raises(InputError, match="both a sequence and a symbol"):
        symconv.convolve("b, 1", "2", names="a,b,c").latex()
    two = symconv.conv2d("x y; 1 2", "w 1")
    assert set(two.names).isdisjoint({"x", "y", "w"})


def test_build_reads_geometry_from_the_expansion():
    d = symconv.conv2d("1 2 3; 4 5 6; 7 8 9", "1 0; 0 -1", stride=2, padding=1, dilation=1)
    doc = build(d.expansion, options_for("conv2d", {}))
    for out, cell in zip(doc.outputs, d.expansion.cells):
        assert sum(t.product for t in out.terms) == cell.value
        rc = [f.ref.index for t in out.terms for f in t.factors[:1]]
        assert rc == [pos for pos, _ in d.expansion.window.positions(cell.i, cell.j)]
