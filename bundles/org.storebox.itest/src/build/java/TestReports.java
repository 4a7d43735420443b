import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Closes the OSGi integration test run, which bnd-testing leaves without a verdict of its own (it is
 * configured to ignore failures so that this step always runs): copies its JUnit reports from
 * {@code target/test-reports/<bndrun>/} up into {@code target/test-reports/}, where the suite's report
 * scan ({@code **}{@code /target/*-reports/TEST-*.xml}) finds them, prints a Surefire-style summary
 * line, and exits non-zero when a test failed or when no report was written at all (the framework
 * did not resolve or start). Run as a single-file program: {@code java TestReports.java DIR [SKIP...]}.
 */
public final class TestReports {
    private TestReports() {
    }

    public static void main(String[] args) throws Exception {
        Path reports = Path.of(args[0]);
        if (Arrays.stream(args).skip(1).anyMatch("true"::equals)) {
            System.out.println("[itest] OSGi integration tests skipped");
            return;
        }
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(reports)) {
            try (Stream<Path> files = Files.walk(reports, 2)) {
                files.filter(p -> p.getNameCount() == reports.getNameCount() + 2)
                        .filter(p -> p.getFileName().toString().matches("TEST-.*\\.xml"))
                        .sorted()
                        .forEach(found::add);
            }
        }
        if (found.isEmpty()) {
            System.err.println("[itest] no JUnit report under " + reports
                    + ": the framework did not run the tests; see bnd-testing's output above");
            System.exit(1);
        }
        int tests = 0;
        int failures = 0;
        int errors = 0;
        int skipped = 0;
        List<String> failed = new ArrayList<>();
        for (Path report : found) {
            Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile())
                    .getDocumentElement();
            NodeList suites = root.getTagName().equals("testsuite") ? null : root.getElementsByTagName("testsuite");
            List<Element> all = new ArrayList<>();
            if (suites == null) {
                all.add(root);
            } else {
                for (int i = 0; i < suites.getLength(); i++) {
                    all.add((Element) suites.item(i));
                }
            }
            for (Element suite : all) {
                tests += count(suite, "tests");
                failures += count(suite, "failures");
                errors += count(suite, "errors");
                skipped += count(suite, "skipped");
            }
            NodeList cases = root.getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                Element c = (Element) cases.item(i);
                if (c.getElementsByTagName("failure").getLength() > 0 || c.getElementsByTagName("error").getLength() > 0) {
                    failed.add(c.getAttribute("classname") + "." + c.getAttribute("name"));
                }
            }
            Files.copy(report, reports.resolve(report.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        System.out.printf("[itest] Tests run: %d, Failures: %d, Errors: %d, Skipped: %d (OSGi integration tests; reports in %s)%n",
                tests, failures, errors, skipped, reports);
        if (failures + errors > 0) {
            failed.forEach(name -> System.err.println("[itest] FAILED " + name));
            System.exit(1);
        }
    }

    private static int count(Element suite, String attribute) {
        String value = suite.getAttribute(attribute);
        return value.isEmpty() ? 0 : Integer.parseInt(value);
    }
}
