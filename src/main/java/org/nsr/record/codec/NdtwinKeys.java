package org.nsr.record.codec;

/**
 * The keys of the NDTwin kernel's API bodies ({@code doc/ndt_api.md} of NDTwin-Kernel), which the
 * simulator writes and the flow view reads inside a poll line. Only the keys are here; the shapes
 * are described in {@code shared/fixtures/ndtwin/README.md}.
 */
public final class NdtwinKeys {
    // one entry of GET /ndt/get_detected_flow_data
    public static final String SRC_IP = "src_ip";
    public static final String DST_IP = "dst_ip";
    public static final String SRC_PORT = "src_port";
    public static final String DST_PORT = "dst_port";
    public static final String PROTOCOL_ID = "protocol_id";
    public static final String RATE_BPS = "estimated_flow_sending_rate_bps_in_the_last_sec";
    public static final String PREVIOUS_RATE_BPS = "estimated_flow_sending_rate_bps_in_the_proceeding_1sec_timeslot";
    public static final String PACKET_RATE = "estimated_packet_rate_in_the_last_sec";
    public static final String PREVIOUS_PACKET_RATE = "estimated_packet_rate_in_the_proceeding_1sec_timeslot";
    public static final String FIRST_SAMPLED_TIME = "first_sampled_time";
    public static final String LATEST_SAMPLED_TIME = "latest_sampled_time";
    public static final String PATH = "path";
    public static final String PATH_INTERFACE = "interface";
    public static final String PATH_NODE = "node";

    // GET /ndt/get_graph_data
    public static final String NODES = LineKeys.NODES;
    public static final String EDGES = LineKeys.EDGES;
    public static final String DEVICE_NAME = "device_name";
    public static final String DPID = "dpid";
    public static final String IP = "ip";
    public static final String IS_ENABLED = "is_enabled";
    public static final String IS_UP = "is_up";
    public static final String MAC = "mac";
    public static final String VERTEX_TYPE = "vertex_type";
    public static final String BRAND_NAME = "brand_name";
    public static final String DEVICE_LAYER = "device_layer";
    public static final String DST_DPID = "dst_dpid";
    public static final String SRC_DPID = "src_dpid";
    public static final String DST_INTERFACE = "dst_interface";
    public static final String SRC_INTERFACE = "src_interface";
    public static final String FLOW_SET = "flow_set";
    /** The graph's {@code flow_set} names the protocol differently from the flow API. */
    public static final String PROTOCOL_NUMBER = "protocol_number";
    public static final String LEFT_LINK_BANDWIDTH_BPS = "left_link_bandwidth_bps";
    public static final String LINK_BANDWIDTH_BPS = "link_bandwidth_bps";
    public static final String LINK_BANDWIDTH_USAGE_BPS = "link_bandwidth_usage_bps";
    public static final String LINK_BANDWIDTH_UTILIZATION_PERCENT = "link_bandwidth_utilization_percent";

    // GET /ndt/get_power_report (no fixture: the simulator's own shape)
    public static final String SWITCHES = "switches";
    public static final String POWER_WATTS = "power_watts";
    public static final String TOTAL_POWER_WATTS = "total_power_watts";

    // the error body of either endpoint
    public static final String ERROR = LineKeys.ERROR;
    public static final String ERROR_DETAILS = "details";

    private NdtwinKeys() {
    }
}
