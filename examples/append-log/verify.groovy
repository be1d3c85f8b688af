// Checks that the log's tests really ran: every test class reported, the expected number of
// tests, none failed; where ERRSEQ_REQUIRE_KERNEL_TESTS=1 (CI, as root), that the tests saw it
// too and none was skipped; elsewhere, that each skip says why. And that the README shows this
// project's example test verbatim.
def reports = new File(basedir, 'target/surefire-reports').listFiles()
        .findAll { it.name ==~ /TEST-.*\.xml/ }
def expected = ['example.log.AppendLogTest': 5, 'FsyncReportsLostWritesTest': 1]
def seen = [:]
def skippedReasons = []
def required = System.getenv('ERRSEQ_REQUIRE_KERNEL_TESTS') == '1'
reports.each { report ->
    def suite = new groovy.xml.XmlSlurper().parse(report)
    if (required) {
        def told = suite.properties.property.find { it.@name == 'errseq.requireKernelTests' }.@value.text()
        assert told == '1' : "${suite.@name} ran without ERRSEQ_REQUIRE_KERNEL_TESTS=1 (saw '${told}')"
    }
    seen[suite.@name.text()] = suite.@tests.text() as int
    assert (suite.@failures.text() as int) == 0 && (suite.@errors.text() as int) == 0
    suite.testcase.each { test ->
        if (test.skipped.size() > 0) {
            def reason = test.skipped.@message.text()
            assert !reason.isBlank() : "${test.@name} was skipped without a reason"
            skippedReasons << "${test.@classname}.${test.@name}: ${reason}"
        }
    }
}
assert seen == expected : "tests run per class: ${seen}, expected ${expected}"
if (required) {
    assert skippedReasons.isEmpty() : "ERRSEQ_REQUIRE_KERNEL_TESTS=1, but skipped:\n${skippedReasons.join('\n')}"
} else {
    skippedReasons.each { println "append-log skipped ${it}" }
}

// basedir is examples/target/its/append-log: the README is four levels up.
def readme = new File(basedir, '../../../../README.md').canonicalFile
def example = new File(basedir, 'src/test/java/FsyncReportsLostWritesTest.java').text
assert readme.text.contains("```java\n" + example + "```") : "README.md (${readme}) does not show ${example}"
return true
