package io.github.pineconeimport.fake;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectRulesReviewStatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;

/**
 * Answers SelfSubjectRulesReviews, which the CRUD mock would otherwise store and reject (422), and
 * hands every other request to the CRUD dispatcher. JOSDK asks this review before it campaigns for
 * the lease, so without an answer leader election cannot start on the fake.
 */
final class RulesReviewDispatcher extends Dispatcher {

  static final String PATH = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";

  /** The mock server enforces no RBAC, so by default the review says so. */
  static final List<ResourceRule> EVERYTHING =
      List.of(
          new ResourceRuleBuilder().withApiGroups("*").withResources("*").withVerbs("*").build());

  private final Dispatcher crud;
  private volatile List<ResourceRule> rules = EVERYTHING;

  RulesReviewDispatcher(Dispatcher crud) {
    this.crud = crud;
  }

  void answerWith(List<ResourceRule> rules) {
    this.rules = List.copyOf(rules);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getPath() == null ? "" : request.getPath();
    if (!"POST".equals(request.getMethod()) || !path.startsWith(PATH)) {
      return crud.dispatch(request);
    }
    SelfSubjectRulesReview review =
        Serialization.unmarshal(request.getUtf8Body(), SelfSubjectRulesReview.class);
    review.setStatus(
        new SubjectRulesReviewStatusBuilder()
            .withResourceRules(rules)
            .withIncomplete(false)
            .build());
    return new MockResponse()
        .setResponseCode(201)
        .setHeader("Content-Type", "application/json")
        .setBody(Serialization.asJson(review));
  }

  @Override
  public void shutdown() {
    crud.shutdown();
  }
}
