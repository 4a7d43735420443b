package org.storebox.hq;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A Paho callback that only handles messages. Used instead of per-subscription listeners, whose
 * matching in Paho 1.2.5 depends on subscription identifiers.
 */
@FunctionalInterface
interface OnMessage extends MqttCallback {
    Logger LOG = System.getLogger(OnMessage.class.getName());

    @Override
    void messageArrived(String topic, MqttMessage message) throws Exception;

    @Override
    default void disconnected(MqttDisconnectResponse response) {
        LOG.log(Level.WARNING, "disconnected from the broker: {0}", response);
    }

    @Override
    default void mqttErrorOccurred(MqttException exception) {
        LOG.log(Level.WARNING, "MQTT error", exception);
    }

    @Override
    default void deliveryComplete(IMqttToken token) {
    }

    @Override
    default void connectComplete(boolean reconnect, String serverURI) {
    }

    @Override
    default void authPacketArrived(int reasonCode, MqttProperties properties) {
    }
}
