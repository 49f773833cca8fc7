package dev.mailflow.evaluate;

/** Some routes could not be evaluated in a run; the run still evaluated the others. */
public class RouteEvaluationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RouteEvaluationException(String message) {
    super(message);
  }
}
