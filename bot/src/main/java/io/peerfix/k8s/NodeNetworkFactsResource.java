package io.peerfix.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Map;

/**
 * The NodeNetworkFacts custom resource ({@code peerfix.io/v1alpha1}, namespaced, one per node,
 * named after the node; CRD in {@code infra/crds/}): how its spec maps to and from the generic
 * fabric8 resource. Known by its definition context, so reading it needs no API discovery call.
 */
public final class NodeNetworkFactsResource {
  public static final String GROUP = "peerfix.io";
  public static final String VERSION = "v1alpha1";
  public static final String KIND = "NodeNetworkFacts";
  public static final String PLURAL = "nodenetworkfacts";
  public static final ResourceDefinitionContext CONTEXT =
      new ResourceDefinitionContext.Builder()
          .withGroup(GROUP)
          .withVersion(VERSION)
          .withKind(KIND)
          .withPlural(PLURAL)
          .withNamespaced(true)
          .build();

  private NodeNetworkFactsResource() {}

  /**
   * The resource for {@code spec}, owned by the Node (by uid, when given) so it goes when the node
   * goes.
   */
  public static GenericKubernetesResource toResource(
      String namespace, NodeNetworkFactsSpec spec, String nodeUid) {
    GenericKubernetesResourceBuilder builder =
        new GenericKubernetesResourceBuilder()
            .withApiVersion(GROUP + "/" + VERSION)
            .withKind(KIND)
            .withNewMetadata()
            .withName(spec.nodeName())
            .withNamespace(namespace)
            .withLabels(
                Map.of(
                    "app.kubernetes.io/name",
                    "peerfix-agent",
                    ProbePodFactory.NODE_LABEL,
                    ProbePodFactory.labelValue(spec.nodeName())))
            .endMetadata()
            .withAdditionalProperties(
                Map.of("spec", FactsJson.MAPPER.convertValue(spec, Map.class)));
    if (nodeUid != null) {
      builder
          .editMetadata()
          .withOwnerReferences(
              new OwnerReferenceBuilder()
                  .withApiVersion("v1")
                  .withKind("Node")
                  .withName(spec.nodeName())
                  .withUid(nodeUid)
                  .build())
          .endMetadata();
    }
    return builder.build();
  }

  /** The spec of a resource; throws IllegalArgumentException if it is not a valid spec. */
  public static NodeNetworkFactsSpec specOf(GenericKubernetesResource resource) {
    Object spec = resource.getAdditionalProperties().get("spec");
    if (spec == null) {
      throw new IllegalArgumentException("it has no spec");
    }
    return FactsJson.MAPPER.convertValue(spec, NodeNetworkFactsSpec.class);
  }
}
