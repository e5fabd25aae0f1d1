package org.nsr.testing;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/** Creates a topic, for the bench scripts: {@code KafkaTopicMain BOOTSTRAP TOPIC PARTITIONS}. */
public final class KafkaTopicMain {
    private KafkaTopicMain() {
    }

    public static void main(String[] args) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", args[0]))) {
            admin.createTopics(List.of(new NewTopic(args[1], Integer.parseInt(args[2]), (short) 1))).all().get();
        }
        System.out.println("created " + args[1] + " with " + args[2] + " partitions");
    }
}
