import doctest
from pathlib import Path


def test_worked_example_in_docs_runs():
    path = Path(__file__).resolve().parents[2] / "docs" / "matching.md"
    parser = doctest.DocTestParser()
    test = parser.get_doctest(path.read_text(), {}, "matching.md", str(path), 0)
    runner = doctest.DocTestRunner()
    runner.run(test)
    assert runner.failures == 0 and runner.tries > 0
