package fanfetch.cli;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code fanfetch cancel ID}: cancels a job on a running service ({@code DELETE /jobs/{id}}). */
@Command(name = "cancel", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Cancel a job on a running fanfetch service: fetches in flight are aborted, the rest "
        + "are reported cancelled. A finished job is left as it is."},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:the job is cancelled (or had finished)", "2:bad usage, an unknown job or no connection to the server"},
    footerHeading = "%nExamples:%n",
    footer = {"  fanfetch cancel 01KAXJ4W3C0Z5V7Q2M8N6R1T9Y"})
public final class CancelCommand implements Callable<Integer> {

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  ServerOptions service;

  @Parameters(paramLabel = "ID", description = "The job's id (as submit printed it, or fanfetch jobs lists it).")
  String id;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return ServiceCall.run("cancel", service.address(), HttpMethod.DELETE, ServiceAddress.job(id.strip()), err,
        report -> {
          JsonObject summary = report.getJsonObject("summary", new JsonObject());
          out.println("job " + report.getString("id") + " " + report.getString("state") + ": "
              + summary.getInteger("completed", 0) + " of " + summary.getInteger("total", 0) + " URLs had finished");
          out.flush();
        });
  }
}
