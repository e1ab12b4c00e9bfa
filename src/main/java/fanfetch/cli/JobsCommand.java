package fanfetch.cli;

import io.vertx.core.http.HttpMethod;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code fanfetch jobs}: the jobs a running service holds ({@code GET /jobs}), newest first. */
@Command(name = "jobs", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"List the jobs of a running fanfetch service, newest first (with API keys: your own)."},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:the jobs were listed", "2:bad usage, a refused request or no connection to the server"},
    footerHeading = "%nExamples:%n",
    footer = {"  fanfetch jobs", "  fanfetch jobs --limit 200 -o json | jq -r '.jobs[].id'"})
public final class JobsCommand implements Callable<Integer> {

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  ServerOptions service;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
      description = "How many jobs, 1 to 1000 (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--after", paramLabel = "ID",
      description = "List the jobs older than this one (the next of an earlier listing).")
  String after;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
      description = "table (default) or json (the service's answer as it is).")
  String output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!"table".equals(output) && !"json".equals(output)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--output: expected table or json, got '"
          + output + "'");
    }
    return ServiceCall.run("jobs", service.address(), HttpMethod.GET, ServiceAddress.jobs(limit, after), err,
        page -> {
          out.print("json".equals(output) ? page.encodePrettily() + "\n" : JobTable.render(page));
          out.flush();
        });
  }

}
