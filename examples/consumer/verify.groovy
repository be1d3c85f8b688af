// Checks what the consumer build printed: the README's Usage output from each of the three
// runs, and nothing on the way (no SLF4J notice, no JVM warning).
import java.util.jar.JarFile

def log = new File(basedir, 'build.log').text
def runs = ['usage-on-class-path', 'usage-on-module-path', 'usage-from-uber-jar']
runs.each { id ->
    def start = log.indexOf("(${id}) @ errseq-consumer ---")
    assert start >= 0 : "the run ${id} did not happen"
    def end = log.indexOf('[INFO] ---', start + 1)
    def output = log.substring(log.indexOf('\n', start) + 1, end < 0 ? log.length() : end)
            .readLines().findAll { !it.startsWith('[') && !it.isBlank() }
    assert output == ['EIO', '0x00001005 (counter 0, EIO, SEEN)'] : "${id} printed ${output}"
}

def jar = new JarFile(new File(basedir, 'target/errseq-consumer-all.jar'))
try {
    assert jar.entries().toList().any { it.name ==~ /natives\/[^\/]+\/liberrseq\.so/ }
    assert jar.getEntry('dev/errseq/internal/WordNatives.class') != null
    assert jar.manifest.mainAttributes.getValue('Enable-Native-Access') == 'ALL-UNNAMED'
} finally {
    jar.close()
}
return true
