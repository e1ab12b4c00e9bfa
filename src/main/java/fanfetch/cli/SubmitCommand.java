package fanfetch.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code fanfetch submit}: sends a job to a running fanfetch service ({@code POST /jobs?wait=false})
 * and follows its progress stream ({@code GET /jobs/{id}/events}, Server-Sent Events read as they
 * arrive) until the {@code done} event brings the report. The conversation with the service is
 * {@link ServiceClient}'s; this class has the options, what is told on stderr, the output and the
 * exit status.
 */
@Command(name = "submit", mixinStandardHelpOptions = true, sortOptions = false, sortSynopsis = false,
    description = {"Submit URLs to a running fanfetch service and follow the job's progress.",
        "The service's address guard and limits apply."},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_SOME_FAILED,
        "2:bad usage, a refused job (the problem's detail is printed) or no connection to the server"},
    footerHeading = "%nExamples:%n",
    footer = {"  fanfetch submit https://example.org/ https://example.com/",
        "  fanfetch submit --server http://10.1.2.3:8080 -f urls.txt -o ndjson",
        "  FANFETCH_API_KEY=my-key fanfetch submit -s https://ff.example -f urls.txt"})
public final class SubmitCommand implements Callable<Integer>, Stdio.User {

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  JobOptions job;

  @Mixin
  ServerOptions service;

  @Option(names = "--detach",
      description = "When this command is interrupted (Ctrl-C), leave the job running on the service; "
          + "by default it is cancelled.")
  boolean detach;

  private Stdio stdio = Stdio.system();

  @Override
  public void stdio(Stdio given) {
    this.stdio = given;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ServiceAddress address = service.address();
    List<String> urls = job.urls(stdio);
    JsonObject jobSpec = job.spec(urls);
    return LocalVertx.run("submit", err, vertx -> {
      ServiceClient client = new ServiceClient(vertx, address);
      ServiceAnswer submitted;
      try {
        // A short list given as arguments goes as a JSON JobSpec; a list from a file or stdin,
        // however long, as a text/uri-list body.
        submitted = (job.onlyArguments() ? client.submit(jobSpec) : client.upload(urls, jobSpec)).await();
      } catch (Exception e) {
        err.println("fanfetch submit: " + address.unreachable(e));
        return ExitCodes.USAGE;
      }
      ResultTracker tracker = new ResultTracker(urls.size());
      JsonObject report;
      if (submitted.status() == 200) {
        // A server that waited anyway answered with the report.
        report = submitted.json();
        tracker.addAll(report);
      } else if (submitted.status() == 202 || submitted.status() == 201) {
        String id = submitted.json().getString("id");
        if (id == null) {
          err.println("fanfetch submit: the server accepted the job but sent no id");
          return ExitCodes.USAGE;
        }
        // The cancel hook goes in before the id is shown: an interrupt after it always cancels the job.
        try (CancelOnInterrupt cancel = detach ? null : new CancelOnInterrupt(address, id, err)) {
          err.println("job " + id + " submitted; cancel with: fanfetch cancel " + id);
          err.flush();
          try (Progress progress = Progress.of(job.progress(stdio), "submit", tracker, err)) {
            if (cancel != null) {
              cancel.beforeCancel(progress::interrupted);
            }
            report = client.follow(id, tracker, progress::update).await();
            tracker.addAll(report);
          }
        } catch (ServiceClient.FollowFailure e) {
          err.println("fanfetch submit: job " + id + ": " + e.getMessage());
          return ExitCodes.USAGE;
        }
      } else {
        submitted.tellRefused(err, "submit", submitted.jobRefusal());
        return ExitCodes.USAGE;
      }
      out.print(ReportOutput.render(job.output, report, new ReportOutput.Context(false, job.limits())));
      out.flush();
      return ExitCodes.of(report);
    });
  }
}
