"""The XML reports CI systems read: JUnit (GitLab's and Jenkins' test views, Azure DevOps) and
Checkstyle (Jenkins' Warnings plugin, reviewdog). Each is checked against its consumer: the
JUnit report against the schema the Jenkins xUnit plugin validates reports with, the
Checkstyle report by reading it with Jenkins' own parser."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import run_cli, write
from remdev_lint import cli, reporters

ABSOLUTE_REPLACE = "module example.com/app\n\ngo 1.22\n\nreplace example.com/lib => /home/me/lib\n"
# Two findings with the same rule and message in one file: GM001 twice.
TWO_ALIKE = ABSOLUTE_REPLACE + "replace example.com/lib => /home/me/lib\n"
CLEAN = "module example.com/app\n\ngo 1.22\n"
TASKS = '{"version": "2.0.0", "tasks": [{"label": "dlv", "type": "shell", "command": "dlv debug --headless --listen=:2345"}]}\n'
# A folder name that is not UTF-8 and holds what XML must escape or cannot hold at all.
HOSTILE = b'we"ird &<]]>\x1b\xff'


def workspace(root: Path) -> Path:
    write(root, "api/go.mod", TWO_ALIKE)
    write(root, "clean/go.mod", CLEAN)
    write(root, ".vscode/tasks.json", TASKS)
    return root


def junit_schema():
    import xmlschema

    return xmlschema.XMLSchema(str(Path(__file__).parent / "data" / "jenkins-xunit-junit-10.xsd"))


def test_the_cli_offers_every_format_the_reporters_write():
    assert cli.FORMATS == reporters.FORMATS


def test_junit_has_a_suite_per_checked_file_and_a_testcase_with_one_failure_per_finding(tmp_path):
    workspace(tmp_path)
    found = json.loads(run_cli(["--format", "json"], tmp_path).out)["diagnostics"]

    result = run_cli(["--format", "junit"], tmp_path)

    junit_schema().validate(result.out)  # what the Jenkins xUnit plugin checks before reading
    root = ET.fromstring(result.out)
    suites = {suite.get("name"): suite for suite in root.iter("testsuite")}
    assert result.code == 1 and sorted(suites) == [".vscode/tasks.json", "api/go.mod", "clean/go.mod"]
    [clean] = suites["clean/go.mod"].iter("testcase")
    assert clean.attrib == {"classname": "clean/go.mod", "name": "clean/go.mod"} and len(clean) == 0
    failures = []
    for path in ("api/go.mod", ".vscode/tasks.json"):
        cases = list(suites[path].iter("testcase"))
        assert suites[path].get("failures") == suites[path].get("tests") == str(len(cases))
        # Jenkins reads only a testcase's first failure: one each, so none is lost.
        assert all(len(case.findall("failure")) == 1 and case.get("classname") == path for case in cases)
        names = [case.get("name") for case in cases]
        assert len(set(names)) == len(names)  # GitLab and Jenkins tell tests apart by name
        failures += [(path, case.find("failure")) for case in cases]
    assert sorted((path, f.get("type"), f.get("message")) for path, f in failures) == sorted(
        (d["path"], d["rule"], d["message"]) for d in found
    )
    for (path, failure), d in zip(
        failures, [d for p in ("api/go.mod", ".vscode/tasks.json") for d in found if d["path"] == p], strict=True
    ):
        assert failure.text.startswith(f"{path}:{d['line']}:{d['column']}: {d['rule']} [{d['severity']}] ")
    assert root.get("tests") == str(len(found) + 1) and root.get("failures") == str(len(found))


def test_junit_names_a_finding_alike_when_lines_move_above_it(tmp_path):
    workspace(tmp_path)
    before = ET.fromstring(run_cli(["--format", "junit"], tmp_path).out)
    write(tmp_path, "api/go.mod", "// a comment\n\n" + TWO_ALIKE)

    after = ET.fromstring(run_cli(["--format", "junit"], tmp_path).out)

    names = lambda root: [(c.get("classname"), c.get("name")) for c in root.iter("testcase")]  # noqa: E731
    assert names(after) == names(before)
    assert [f.text for f in after.iter("failure")] != [f.text for f in before.iter("failure")]  # lines moved


def test_junit_of_a_clean_run_lists_the_files_it_checked(tmp_path):
    write(tmp_path, "go.mod", CLEAN)

    result = run_cli(["--format", "junit"], tmp_path)

    junit_schema().validate(result.out)
    root = ET.fromstring(result.out)
    assert result.code == 0 and (root.get("tests"), root.get("failures")) == ("1", "0")
    assert [case.get("name") for case in root.iter("testcase")] == ["go.mod"]


def test_reports_of_an_empty_run_are_valid(tmp_path):
    junit = run_cli(["--format", "junit"], tmp_path)
    checkstyle = run_cli(["--format", "checkstyle"], tmp_path)

    junit_schema().validate(junit.out)
    assert ET.fromstring(junit.out).get("tests") == "0"
    assert ET.fromstring(checkstyle.out).tag == "checkstyle" and len(ET.fromstring(checkstyle.out)) == 0


@pytest.mark.parametrize("fmt", ["junit", "checkstyle"])
def test_xml_reports_hold_paths_that_xml_cannot(tmp_path, fmt):
    folder = os.path.join(os.fsencode(tmp_path), HOSTILE)
    os.mkdir(folder)
    with open(os.path.join(folder, b"go.mod"), "w", encoding="utf-8") as file:
        file.write(ABSOLUTE_REPLACE)

    result = run_cli(["--format", fmt], tmp_path)

    root = ET.fromstring(result.out)  # well-formed: the escape and the byte 0xff written as text
    names = {e.get("name") for e in root.iter("testsuite" if fmt == "junit" else "file")}
    assert names == {'we"ird &<]]>\\x1b\\udcff/go.mod'}
    if fmt == "junit":
        junit_schema().validate(result.out)


def test_checkstyle_is_read_by_jenkins_as_the_findings_are(tmp_path, checkstyle_reader):
    workspace(tmp_path)
    folder = os.path.join(os.fsencode(tmp_path), HOSTILE)
    os.mkdir(folder)
    with open(os.path.join(folder, b"go.mod"), "w", encoding="utf-8") as file:
        file.write(ABSOLUTE_REPLACE)
    found = json.loads(run_cli(["--format", "json"], tmp_path).out)["diagnostics"]
    report = tmp_path / "checkstyle.xml"
    assert run_cli(["--format", "checkstyle", "--output", str(report)], tmp_path).code == 1
    bad = tmp_path / "bad.xml"  # the reader can fail: a report cut short
    bad.write_text(report.read_text()[:200])

    [read, broken] = checkstyle_reader([report, bad])

    assert read["errors"] == [] and broken["errors"] != []
    severity = {"error": "ERROR", "warning": "NORMAL", "info": "LOW"}
    assert sorted(
        (i["file"], i["line"], i["column"], i["severity"], i["type"], i["message"]) for i in read["issues"]
    ) == sorted(
        # Jenkins turns backslashes into slashes (Windows paths): the path's escapes are read so.
        (
            reporters.printable(d["path"]).replace("\\", "/"),
            d["line"],
            d["column"],
            severity[d["severity"]],
            d["rule"],
            d["message"],
        )
        for d in found
    )
    assert ET.fromstring(report.read_text()).find("file[@name='clean/go.mod']") is not None  # clean files listed


def test_a_file_that_was_not_read_is_skipped_not_passed(tmp_path):
    """A FIFO where a go.mod should be is not read: with RL004 (which says so) not selected,
    JUnit shows it skipped, and Checkstyle, which lists the files it checked, leaves it out."""
    write(tmp_path, "go.mod", CLEAN)
    (tmp_path / "b").mkdir()
    os.mkfifo(tmp_path / "b" / "go.mod")

    junit = run_cli(["--format", "junit", "--select", "GM"], tmp_path)
    checkstyle = run_cli(["--format", "checkstyle", "--select", "GM"], tmp_path)

    junit_schema().validate(junit.out)
    suites = {suite.get("name"): suite for suite in ET.fromstring(junit.out).iter("testsuite")}
    [skipped] = suites["b/go.mod"].iter("skipped")
    assert suites["b/go.mod"].get("skipped") == "1" and "named pipe" in skipped.get("message")
    assert suites["go.mod"].find("testcase/skipped") is None
    assert [file.get("name") for file in ET.fromstring(checkstyle.out)] == ["go.mod"]
