// Reads Checkstyle XML reports as Jenkins' Warnings plugin does (analysis-model's
// CheckStyleParser) and writes to OUT, for each report named after it, the issues it found and
// the parser's errors, as JSON (a file: the parser's libraries log to standard output). Run
// with the class path of pom.xml beside it:
//   java -cp CLASSPATH ReadCheckstyle.java OUT report.xml ...
import com.google.gson.Gson;
import edu.hm.hafner.analysis.FileReaderFactory;
import edu.hm.hafner.analysis.Issue;
import edu.hm.hafner.analysis.Report;
import edu.hm.hafner.analysis.parser.CheckStyleParser;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class ReadCheckstyle {
    public static void main(String[] args) throws Exception {
        List<Object> reports = new ArrayList<>();
        for (String name : List.of(args).subList(1, args.length)) {
            Map<String, Object> read = new LinkedHashMap<>();
            List<Object> issues = new ArrayList<>();
            try {
                Report report = new CheckStyleParser().parse(new FileReaderFactory(Paths.get(name)));
                for (Issue issue : report) {
                    Map<String, Object> found = new LinkedHashMap<>();
                    found.put("file", issue.getFileName());
                    found.put("line", issue.getLineStart());
                    found.put("column", issue.getColumnStart());
                    found.put("severity", issue.getSeverity().getName());
                    found.put("type", issue.getType());
                    found.put("message", issue.getMessage());
                    issues.add(found);
                }
                read.put("errors", report.getErrorMessages());
            } catch (RuntimeException exception) {  // a report it cannot parse
                read.put("errors", List.of(exception.toString()));
            }
            read.put("issues", issues);
            reports.add(read);
        }
        Files.writeString(Paths.get(args[0]), new Gson().toJson(reports));
    }
}
